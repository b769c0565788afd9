package io.optout.report;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over the DevTools protocol on a loopback websocket (Java's
 * java.net.http.WebSocket): opens one page, records console messages, exceptions and every network
 * request, evaluates scripts in the page and takes a full-page screenshot. Background networking,
 * sync and component updates are off and the profile is a fresh folder, so the only requests are
 * the page's own.
 *
 * <p>Chromium missing fails the test with the install command (never a silent skip): .ci/run
 * installs it.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = java.util.Collections.synchronizedList(new ArrayList<>());

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  static Path binary() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return fail(
        "chromium is not installed, so the report cannot be checked in a real browser"
            + " (install it: apt-get update && apt-get install -y chromium; .ci/run does)");
  }

  static HeadlessChromium start(Path profile) throws Exception {
    Process process =
        new ProcessBuilder(
                binary().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=1200,900",
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        fail(
            "chromium did not start its DevTools endpoint; log: "
                + profile.resolveSibling(profile.getFileName() + ".log"));
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String page = null;
    for (JsonNode target : targets) {
      if ("page".equals(target.path("type").asText())) {
        page = target.path("webSocketDebuggerUrl").asText();
      }
    }
    if (page == null) {
      fail("chromium has no page target: " + targets);
    }
    HeadlessChromium[] self = new HeadlessChromium[1];
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(page),
                new WebSocket.Listener() {
                  private final StringBuilder message = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                      self[0].receive(message.toString());
                      message.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    self[0] = new HeadlessChromium(process, socket);
    return self[0];
  }

  private void receive(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> waiting = pending.remove(message.get("id").asInt());
        if (waiting != null) {
          waiting.complete(message);
        }
      } else {
        events.add(message);
      }
    } catch (IOException e) {
      throw new IllegalStateException("unreadable DevTools message: " + text, e);
    }
  }

  /** Sends one command and returns its result; a protocol error fails the test. */
  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket
        .sendText(JSON.writeValueAsString(command), true)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      fail(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  /**
   * Opens a file and waits for its load event, with console, log and network events recorded from
   * the start.
   */
  void open(Path file) throws Exception {
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      send(domain + ".enable", Map.of());
    }
    send("Page.navigate", Map.of("url", file.toUri().toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (events("Page.loadEventFired").isEmpty()) {
      if (System.nanoTime() > deadline) {
        fail("the page did not finish loading: " + file);
      }
      Thread.sleep(50);
    }
  }

  /** The value of a script run in the page (returnByValue). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result =
        send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      fail("script failed in the page: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** A PNG of the whole page, 1200 px wide. */
  void screenshot(Path png) throws Exception {
    int height = evaluate("document.documentElement.scrollHeight").asInt();
    JsonNode shot =
        send(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", 1200, "height", height, "scale", 1)));
    Files.createDirectories(png.getParent());
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  List<JsonNode> events(String method) {
    synchronized (events) {
      return events.stream().filter(e -> method.equals(e.path("method").asText())).toList();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the browser is stopped below either way
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
