package io.splice.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress("10.1.2.3", 50000);

  private FullHttpRequest request;

  @AfterEach
  void release() {
    if (request != null) {
      request.release();
    }
  }

  private FullHttpRequest request(HttpVersion version, HttpMethod method, String body) {
    request =
        new DefaultFullHttpRequest(
            version, method, "/x", Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    request.headers().set("Host", "catalog.local");
    return request;
  }

  @Test
  void prepareRequest_stripsHopByHop_includingHeadersNamedByConnection() {
    FullHttpRequest r = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "");
    r.headers()
        .add("Connection", "keep-alive, X-Hop")
        .add("Connection", "content-length")
        .add("X-Hop", "1")
        .add("Keep-Alive", "timeout=5")
        .add("Proxy-Connection", "keep-alive")
        .add("TE", "trailers")
        .add("Upgrade", "websocket")
        .add("Proxy-Authorization", "secret")
        .add("X-Kept", "yes");

    RequestInfo info = ForwardedHeaders.prepareRequest(r, CLIENT, "http");

    assertThat(r.headers().names())
        .extracting(String::toLowerCase)
        .containsExactlyInAnyOrder(
            "host", "x-kept", "x-forwarded-for", "x-forwarded-proto", "x-request-id");
    assertThat(info.keepAlive()).isTrue();
  }

  @Test
  void prepareRequest_addsForwardedHeaders_andAppendsToAnExistingChain() {
    FullHttpRequest r = request(HttpVersion.HTTP_1_1, HttpMethod.POST, "hello");
    r.headers().add("X-Forwarded-For", "192.0.2.1").add("X-Forwarded-Proto", "https");

    RequestInfo info = ForwardedHeaders.prepareRequest(r, CLIENT, "http");

    assertThat(r.headers().get("X-Forwarded-For")).isEqualTo("192.0.2.1, 10.1.2.3");
    assertThat(r.headers().get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(r.headers().get("X-Request-Id")).isEqualTo(info.requestId()).hasSize(36);
    assertThat(r.headers().get("Content-Length")).isEqualTo("5");
  }

  @Test
  void prepareRequest_keepsAnIncomingRequestId() {
    FullHttpRequest r = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "");
    r.headers().set("X-Request-Id", "abc-123");

    RequestInfo info = ForwardedHeaders.prepareRequest(r, CLIENT, "http");

    assertThat(info.requestId()).isEqualTo("abc-123");
    assertThat(r.headers().get("X-Request-Id")).isEqualTo("abc-123");
  }

  @Test
  void prepareRequest_http10_isSentAsHttp11_andRemembersTheClientVersion() {
    FullHttpRequest r = request(HttpVersion.HTTP_1_0, HttpMethod.GET, "");

    RequestInfo info = ForwardedHeaders.prepareRequest(r, CLIENT, "http");

    assertThat(r.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(info.version()).isEqualTo(HttpVersion.HTTP_1_0);
    assertThat(info.keepAlive()).isFalse();
    assertThat(r.headers().contains("Content-Length")).isFalse();
  }

  @Test
  void prepareResponse_withoutLength_isChunkedForHttp11Clients() {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().set("Transfer-Encoding", "chunked").set("Connection", "keep-alive");
    RequestInfo info = new RequestInfo(HttpVersion.HTTP_1_1, true, false, "id-1");

    boolean keepAlive = ForwardedHeaders.prepareResponse(response, info, true);

    assertThat(keepAlive).isTrue();
    assertThat(response.headers().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(response.headers().contains("Connection")).isFalse();
    assertThat(response.headers().get("X-Request-Id")).isEqualTo("id-1");
  }

  @Test
  void prepareResponse_withoutLength_closesForHttp10Clients() {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
    RequestInfo info = new RequestInfo(HttpVersion.HTTP_1_0, true, false, "id-1");

    boolean keepAlive = ForwardedHeaders.prepareResponse(response, info, true);

    assertThat(keepAlive).isFalse();
    assertThat(response.headers().get("Connection")).isEqualTo("close");
    assertThat(response.headers().contains("Transfer-Encoding")).isFalse();
  }

  @Test
  void prepareResponse_http10KeepAlive_saysSo() {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().set("Content-Length", "3");
    RequestInfo info = new RequestInfo(HttpVersion.HTTP_1_0, true, false, "id-1");

    assertThat(ForwardedHeaders.prepareResponse(response, info, true)).isTrue();
    assertThat(response.headers().get("Connection")).isEqualTo("keep-alive");
  }

  @Test
  void prepareResponse_noContentStatus_getsNoFraming() {
    HttpResponse response =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    RequestInfo info = new RequestInfo(HttpVersion.HTTP_1_1, true, false, "id-1");

    ForwardedHeaders.prepareResponse(response, info, true);

    assertThat(response.headers().contains("Transfer-Encoding")).isFalse();
  }

  @Test
  void newRequestId_isAVersion4Uuid_andDiffersEachTime() {
    String first = ForwardedHeaders.newRequestId();

    assertThat(java.util.UUID.fromString(first).version()).isEqualTo(4);
    assertThat(java.util.UUID.fromString(first).variant()).isEqualTo(2);
    assertThat(ForwardedHeaders.newRequestId()).isNotEqualTo(first);
  }
}
