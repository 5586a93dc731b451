package io.splice.examples.shop.orders;

import io.splice.examples.shop.common.Service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The orders service. Orders live in this replica's memory only: replicas do not share them,
 * and a restart forgets them.
 *
 * <pre>
 * POST /orders {"productId":"p1","quantity":2}
 *   201 {"id":"orders-42-1","productId":"p1","quantity":2,"createdAt":"...","replica":"orders-42"}
 * GET  /orders
 *   200 {"replica":"orders-42","count":1,"orders":[{...}]}
 * </pre>
 */
public final class Main {

  private static final String ORDERS_PATH = "/orders";
  private static final int MAX_BODY_BYTES = 16 * 1024;
  /** Only the most recent orders are kept, so a load test cannot exhaust the heap. */
  private static final int MAX_KEPT = 1000;
  private static final int MAX_QUANTITY = 1000;
  private static final String PRODUCT_ID = "[A-Za-z0-9_-]{1,64}";

  record Order(String id, String productId, int quantity, Instant createdAt) {
    String toJson() {
      return "\"id\":" + Service.quote(id) + ",\"productId\":" + Service.quote(productId)
          + ",\"quantity\":" + quantity + ",\"createdAt\":" + Service.quote(createdAt.toString());
    }
  }

  private final Service service;
  private final AtomicLong sequence = new AtomicLong();
  private final Deque<Order> orders = new ArrayDeque<>(); // guarded by itself

  private Main(Service service) {
    this.service = service;
  }

  public static void main(String[] args) {
    Service service = new Service("orders");
    service.start(new Main(service)::route);
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.equals(ORDERS_PATH)) {
      service.error(exchange, 404, "no such path: " + path);
    } else if (service.allow(exchange, "GET", "POST")) {
      if (exchange.getRequestMethod().equals("POST")) {
        create(exchange);
      } else {
        service.json(exchange, 200, listJson());
      }
    }
  }

  private String listJson() {
    List<Order> snapshot;
    synchronized (orders) {
      snapshot = List.copyOf(orders);
    }
    String items = snapshot.stream()
        .map(o -> "{" + o.toJson() + "}")
        .collect(Collectors.joining(","));
    return "{\"replica\":" + Service.quote(service.replica) + ",\"count\":" + snapshot.size()
        + ",\"orders\":[" + items + "]}";
  }

  private void create(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      service.error(exchange, 413, "body larger than " + MAX_BODY_BYTES + " bytes");
      return;
    }
    Order order;
    try {
      order = parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      service.error(exchange, 400, "bad order: " + e.getMessage());
      return;
    }
    synchronized (orders) {
      orders.addLast(order);
      if (orders.size() > MAX_KEPT) {
        orders.removeFirst();
      }
    }
    service.json(exchange, 201,
        "{" + order.toJson() + ",\"replica\":" + Service.quote(service.replica) + "}");
  }

  /** Validates a request body into a new order; messages name the bad field. */
  private Order parse(String body) {
    Map<String, Object> fields = FlatJson.parseObject(body);
    Object productId = fields.get("productId");
    if (!(productId instanceof String id) || !id.matches(PRODUCT_ID)) {
      throw new IllegalArgumentException(
          "productId: " + productId + " (expected: a string matching " + PRODUCT_ID + ")");
    }
    Object quantity = fields.get("quantity");
    int count = quantity instanceof BigDecimal n ? wholeNumber(n) : -1;
    if (count < 1 || count > MAX_QUANTITY) {
      throw new IllegalArgumentException(
          "quantity: " + quantity + " (expected: a whole number, 1-" + MAX_QUANTITY + ")");
    }
    String orderId = service.replica + "-" + sequence.incrementAndGet();
    return new Order(orderId, id, count, Instant.now());
  }

  private static int wholeNumber(BigDecimal n) {
    try {
      return n.intValueExact();
    } catch (ArithmeticException e) {
      return -1;
    }
  }
}
