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
 * GET /products/{id}  {"id":"p1","name":"Espresso cup","priceCents":1200,"replica":"catalog-42"}
 * </pre>
 */
public final class Main {

  private static final String PRODUCTS_PATH = "/products";

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
