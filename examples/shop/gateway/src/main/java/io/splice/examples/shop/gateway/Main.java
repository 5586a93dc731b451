package io.splice.examples.shop.gateway;

import io.splice.examples.shop.common.Service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public face of the shop. It calls catalog and orders at {@code CATALOG_URL} and
 * {@code ORDERS_URL}: under Splice these are the stable addresses of Splice's proxy, which
 * spreads the calls over the replicas.
 *
 * <pre>
 * GET  /                   {"gateway":..,"catalog":..,"orders":..,"products":5}: who answered
 * GET  /api/products       -> catalog GET /products
 * GET  /api/products/{id}  -> catalog GET /products/{id}
 * GET  /api/orders         -> orders GET /orders
 * POST /api/orders         -> orders POST /orders
 * </pre>
 *
 * <p>Status and body are passed through; a dependency that cannot be reached gives 502, one that
 * does not answer in time 504.
 */
public final class Main {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Pattern PRODUCT_PATH =
      Pattern.compile("/api/products/([A-Za-z0-9_-]{1,64})");
  private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

  /** A dependency failed; {@link #status} is what the gateway answers. */
  private static final class DependencyException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    DependencyException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final Service service;
  private final String catalogUrl;
  private final String ordersUrl;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();

  private Main(Service service, String catalogUrl, String ordersUrl) {
    this.service = service;
    this.catalogUrl = catalogUrl;
    this.ordersUrl = ordersUrl;
  }

  public static void main(String[] args) {
    Service service = new Service("gateway");
    Main gateway = new Main(service, baseUrl("CATALOG_URL"), baseUrl("ORDERS_URL"));
    service.start(gateway::route);
  }

  /** The env variable as a base URL without a trailing slash; exits if missing or malformed. */
  private static String baseUrl(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw Service.die("gateway: environment variable " + variable
          + " is not set (expected a URL such as http://127.0.0.1:18001)");
    }
    String url = value.trim().replaceAll("/+$", "");
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return url;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw Service.die("gateway: " + variable + "=" + value
        + " is not an http URL (expected a URL such as http://127.0.0.1:18001)");
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher product = PRODUCT_PATH.matcher(path);
    try {
      if (path.equals("/")) {
        if (service.allow(exchange, "GET")) {
          overview(exchange);
        }
      } else if (path.equals("/api/products")) {
        if (service.allow(exchange, "GET")) {
          forward(exchange, "catalog", catalogUrl + "/products");
        }
      } else if (product.matches()) {
        if (service.allow(exchange, "GET")) {
          forward(exchange, "catalog", catalogUrl + "/products/" + product.group(1));
        }
      } else if (path.equals("/api/orders")) {
        if (service.allow(exchange, "GET", "POST")) {
          forward(exchange, "orders", ordersUrl + "/orders");
        }
      } else {
        service.error(exchange, 404, "no such path: " + path);
      }
    } catch (DependencyException e) {
      System.err.println("gateway: " + e.getMessage());
      service.error(exchange, e.status, e.getMessage());
    }
  }

  /** Calls catalog and orders at once and says which replica of each answered. */
  private void overview(HttpExchange exchange) throws IOException, DependencyException {
    var products = client.sendAsync(get(catalogUrl + "/products"),
        HttpResponse.BodyHandlers.ofString());
    var orders = client.sendAsync(get(ordersUrl + "/orders"),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> catalogAnswer = ok("catalog", await("catalog", products));
    HttpResponse<String> ordersAnswer = ok("orders", await("orders", orders));
    Matcher count = COUNT.matcher(catalogAnswer.body());
    if (!count.find()) {
      throw new DependencyException(502, "catalog answered /products without a count");
    }
    service.json(exchange, 200, "{\"gateway\":" + Service.quote(service.replica)
        + ",\"catalog\":" + Service.quote(replicaOf(catalogAnswer))
        + ",\"orders\":" + Service.quote(replicaOf(ordersAnswer))
        + ",\"products\":" + count.group(1)
        + ",\"replica\":" + Service.quote(service.replica) + "}");
  }

  /** Sends the request on to {@code url} and passes the answer's status and body back. */
  private void forward(HttpExchange exchange, String dependency, String url)
      throws IOException, DependencyException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
    if (exchange.getRequestMethod().equals("POST")) {
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        service.error(exchange, 413, "body larger than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      request.header("Content-Type", type == null ? "application/json" : type)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    HttpResponse<byte[]> answer = await(dependency,
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    exchange.getResponseHeaders().set("X-Upstream-Replica", replicaOf(answer));
    service.send(exchange, answer.statusCode(),
        answer.headers().firstValue("Content-Type").orElse("application/json"), answer.body());
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build();
  }

  private static <T> HttpResponse<T> await(String dependency,
      CompletableFuture<HttpResponse<T>> call) throws DependencyException {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyException(503, dependency + ": interrupted while waiting");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw new DependencyException(504, dependency + " did not answer within "
            + REQUEST_TIMEOUT.toSeconds() + "s");
      }
      String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
      throw new DependencyException(502, dependency + " is unreachable ("
          + cause.getClass().getSimpleName() + detail + ")");
    }
  }

  private static <T> HttpResponse<T> ok(String dependency, HttpResponse<T> answer)
      throws DependencyException {
    if (answer.statusCode() != 200) {
      throw new DependencyException(502, dependency + " answered " + answer.statusCode());
    }
    return answer;
  }

  private static String replicaOf(HttpResponse<?> answer) {
    return answer.headers().firstValue("X-Replica").orElse("unknown");
  }
}
