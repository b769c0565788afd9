package io.optout;

import java.io.PrintStream;

/**
 * Test-only seam for the crash-safety tests: named points of a run where a test may kill the JVM. A
 * no-op unless a system property is set, which production launchers never do: {@code
 * -Doptout.testing.announce-points=true} prints {@code optout-kill-point: NAME} to stderr at each
 * point; {@code -Doptout.testing.halt-at=NAME} also stops the run there until the JVM is killed.
 */
public final class KillPoints {
  public static final String ANNOUNCE = "optout.testing.announce-points";
  public static final String HALT_AT = "optout.testing.halt-at";
  public static final String PREFIX = "optout-kill-point: ";

  private KillPoints() {}

  public static void reached(String name) {
    boolean halt = name.equals(System.getProperty(HALT_AT));
    if (!halt && !Boolean.getBoolean(ANNOUNCE)) {
      return;
    }
    PrintStream err = System.err;
    err.println(PREFIX + name);
    err.flush();
    while (halt) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
