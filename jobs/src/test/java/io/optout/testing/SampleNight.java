package io.optout.testing;

import io.optout.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A generated sample lake ({@link #USERS} users, {@link #DAYS} days from {@link #START}, seed
 * {@link #SEED}) and the warehouse of one nightly run over it ({@code optout run --date NIGHT},
 * through the command line), made once per test JVM for every test class that needs a warehouse a
 * real run wrote: a run costs half a minute whatever the lake's size. The lake and the warehouse
 * are read-only for the tests: a test that writes works on {@link #copyOfWarehouse}. Kept in
 * JUnit's root store; its folder is deleted when the test run ends. Test methods and constructors
 * receive it as a parameter of a class extended with {@link Resolver}.
 */
public final class SampleNight implements ExtensionContext.Store.CloseableResource {
  public static final String START = "2024-03-01";
  public static final String NIGHT = "2024-03-08";
  public static final int USERS = 80;
  public static final int DAYS = 10;
  public static final int SEED = 7;
  public static final List<String> LAKES = List.of("consent", "push", "campaign", "event");

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SampleNight.class);

  private final Path root;

  private SampleNight(Path root) {
    this.root = root;
  }

  /** Resolves {@link SampleNight} parameters: the one of this test JVM, made on first use. */
  public static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == SampleNight.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // the run must use the shared test session, not start one with the default settings
      SparkExtension.session(context);
      return context
          .getRoot()
          .getStore(NS)
          .getOrComputeIfAbsent("sample-night", key -> make(), SampleNight.class);
    }
  }

  private static SampleNight make() {
    SampleNight night;
    try {
      night = new SampleNight(Files.createTempDirectory("optout-sample-night"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int generated =
        Main.execute(
            "generate",
            "--users",
            Integer.toString(USERS),
            "--days",
            Integer.toString(DAYS),
            "--start",
            START,
            "--seed",
            Integer.toString(SEED),
            "--out",
            night.lake());
    if (generated != 0) {
      throw new IllegalStateException("generating the sample lake exited with " + generated);
    }
    int ran = Main.execute(night.command(night.warehouse(), "run", "--date", NIGHT));
    if (ran != 0) {
      throw new IllegalStateException("the sample night's run exited with " + ran);
    }
    return night;
  }

  public String lake() {
    return root.resolve("lake").toString();
  }

  /** The warehouse of the night's run: read it, never write to it. */
  public String warehouse() {
    return root.resolve("warehouse").toString();
  }

  /** A copy of the night's warehouse at {@code target}, for a test that writes to it. */
  public String copyOfWarehouse(Path target) {
    try {
      FileUtils.copyDirectory(Path.of(warehouse()).toFile(), target.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target.toString();
  }

  /** {@code args} with the options that point a command at this lake and {@code warehouse}. */
  public String[] command(String warehouse, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(overrides(warehouse));
    return all.toArray(String[]::new);
  }

  /** -D options for this lake and {@code warehouse}. */
  public List<String> overrides(String warehouse) {
    List<String> all = new ArrayList<>();
    all.add("-Doptout.warehouse=" + warehouse);
    for (String lake : LAKES) {
      all.add("-Doptout.lakes." + lake + ".path=" + lake() + "/" + lake);
    }
    return all;
  }

  @Override
  public void close() {
    FileUtils.deleteQuietly(root.toFile());
  }
}
