package io.splice.examples.shop.catalog;

import io.splice.examples.shop.common.Service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The catalog service: a fixed list of products.
 *
 * <pre>
 * GET /products       {"replica":"catalog-42","count":5,"products":[{"id":"p1",...},...]}
 * GET /products?work=200  the same after 200 ms of simulated work (0 to 5000), for load and autoscaling demos
 * GET /products/{id}  {"id":"p1","name":"Espresso cup","priceCents":1200,"replica":"catalog-42"}
 * </pre>
 */
public final class Main {

  private static final String PRODUCTS_PATH = "/products";
  private static final long MAX_WORK_MILLIS = 5000;

  record Product(String id, String name, int priceCents) {
    String toJson() {
      return "\"id\":" + Service.quote(id) + ",\"name\":" + Service.quote(name)
          + ",\"priceCents\":" + priceCents;
    }
  }

  private static final List<Product> PRODUCTS = List.of(
      new Product("p1", "Espresso cup", 1200),
      new Product("p2", "Pour-over kettle", 4500),
      new Product("p3", "Burr grinder", 8900),
      new Product("p4", "Coffee beans, 1 kg", 2400),
      new Product("p5", "Paper filters, 100", 600));

  private final Service service;

  private Main(Service service) {
    this.service = service;
  }

  public static void main(String[] args) {
    Service service = new Service("catalog");
    service.start(new Main(service)::route);
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals(PRODUCTS_PATH)) {
      if (service.allow(exchange, "GET")) {
        simulateWork(exchange.getRequestURI().getQuery());
        service.json(exchange, 200, listJson());
      }
    } else if (path.startsWith(PRODUCTS_PATH + "/")) {
      if (service.allow(exchange, "GET")) {
        product(exchange, path.substring(PRODUCTS_PATH.length() + 1));
      }
    } else {
      service.error(exchange, 404, "no such path: " + path);
    }
  }

  /** Sleeps for {@code work=MS} of the query, bounded to {@link #MAX_WORK_MILLIS}. */
  private static void simulateWork(String query) {
    if (query == null) {
      return;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("work=")) {
        try {
          long millis = Math.max(0, Math.min(MAX_WORK_MILLIS, Long.parseLong(pair.substring("work=".length()))));
          Thread.sleep(millis);
        } catch (NumberFormatException e) {
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private String listJson() {
    String items = PRODUCTS.stream()
        .map(p -> "{" + p.toJson() + "}")
        .collect(Collectors.joining(","));
    return "{\"replica\":" + Service.quote(service.replica) + ",\"count\":" + PRODUCTS.size()
        + ",\"products\":[" + items + "]}";
  }

  private void product(HttpExchange exchange, String id) throws IOException {
    for (Product p : PRODUCTS) {
      if (p.id().equals(id)) {
        service.json(exchange, 200,
            "{" + p.toJson() + ",\"replica\":" + Service.quote(service.replica) + "}");
        return;
      }
    }
    service.error(exchange, 404, "no such product: " + id);
  }
}
