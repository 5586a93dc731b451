package io.splice.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopByHopTest {

  private static HttpResponse response(HttpVersion version, String... connection) {
    HttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.OK);
    for (String value : connection) {
      response.headers().add("Connection", value);
    }
    return response;
  }

  @Test
  void isKeepAlive_answersAsNetty_forEveryShapeOfConnection() {
    List<String[]> shapes =
        List.of(
            new String[0],
            new String[] {"keep-alive"},
            new String[] {"Keep-Alive"},
            new String[] {"close"},
            new String[] {"CLOSE"},
            new String[] {"upgrade"},
            new String[] {"keep-alive, close"},
            new String[] {"x-hop, keep-alive"},
            new String[] {"keep-alive", "close"},
            new String[] {"keep-alive,upgrade"});
    for (HttpVersion version : List.of(HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1)) {
      for (String[] shape : shapes) {
        HttpResponse response = response(version, shape);
        assertThat(HopByHop.isKeepAlive(response))
            .as("%s Connection: %s", version, List.of(shape))
            .isEqualTo(HttpUtil.isKeepAlive(response));
      }
    }
  }

  @Test
  void strip_removesOnlyHopByHopHeaders_inAnyCase() {
    HttpResponse response = response(HttpVersion.HTTP_1_1, "Keep-Alive");
    response
        .headers()
        .add("TRANSFER-ENCODING", "chunked")
        .add("trailer", "x-sum")
        .add("Content-Length", "3")
        .add("X-Kept", "yes");

    HopByHop.strip(response.headers());

    assertThat(response.headers().names())
        .extracting(String::toLowerCase)
        .containsExactlyInAnyOrder("content-length", "x-kept");
  }

  @Test
  void strip_withoutHopByHopHeaders_changesNothing() {
    HttpResponse response = response(HttpVersion.HTTP_1_1);
    response.headers().add("Content-Length", "3").add("Server", "nginx");

    HopByHop.strip(response.headers());

    assertThat(response.headers().size()).isEqualTo(2);
  }
}
