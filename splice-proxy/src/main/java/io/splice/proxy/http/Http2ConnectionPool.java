package io.splice.proxy.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 in clear text (h2c, prior knowledge) to one upstream: few connections, many streams. Each
 * attempt gets a new stream, on an event loop's connection that has room (fewer streams than {@link
 * #MAX_STREAMS_PER_CONNECTION} and than the upstream's {@code SETTINGS_MAX_CONCURRENT_STREAMS}, and
 * no {@code GOAWAY} received); a new connection is opened only when none has, and the attempts that
 * arrive while it connects wait for it rather than open more. A stream's pipeline is
 *
 * <pre>
 * codec    Http2StreamFrameToHttpObjectCodec   the request out as HEADERS and DATA, the response
 *                                              in as an HTTP/1.1 response
 * backend  BackendHandler                      hands what arrives to the exchange
 * </pre>
 *
 * so that an exchange runs the same whatever the upstream speaks. A stream does not auto-read, and
 * its receive window is given back only as it reads: a slow client slows its stream, not the
 * connection. A connection with no stream for the idle timeout, or told {@code GOAWAY} and done
 * with its streams, is closed. Connections are kept per event loop, like {@link ConnectionPool}'s,
 * and each loop's list is touched only from that loop.
 */
final class Http2ConnectionPool implements UpstreamPool {

  /** Streams one connection carries at once before another connection is opened. */
  static final int MAX_STREAMS_PER_CONNECTION = 100;

  /** Receive window of each stream (the protocol's default). */
  static final int STREAM_WINDOW_BYTES = Http2CodecUtil.DEFAULT_WINDOW_SIZE;

  /** Receive window of a connection: every stream's at once, so that none waits for another. */
  static final int CONNECTION_WINDOW_BYTES = MAX_STREAMS_PER_CONNECTION * STREAM_WINDOW_BYTES;

  /** For the pushed streams of a client connection: there should be none; each is closed. */
  static final ChannelHandler REFUSE_PUSHED = new RefusePushed();

  private final Upstream upstream;
  private final Bootstrap bootstrap;
  private final long idleTimeoutNanos;
  private final int maxHeaderBytes;
  private final ChannelHandler streamPipeline = new StreamInitializer();
  private final Map<EventLoop, List<Connection>> connections = new ConcurrentHashMap<>();
  private final PoolConnections opened = new PoolConnections();

  Http2ConnectionPool(
      Upstream upstream,
      Transport transport,
      Duration connectTimeout,
      Duration idleTimeout,
      int maxHeaderBytes) {
    this.upstream = upstream;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.maxHeaderBytes = maxHeaderBytes;
    this.bootstrap =
        UpstreamAddress.bootstrap(transport, upstream)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
  }

  @Override
  public Future<Channel> acquire(EventLoop loop) {
    Promise<Channel> promise = loop.newPromise();
    loop.execute(() -> acquireNow(loop, promise));
    return promise;
  }

  /** Ends the stream of a complete exchange (no reset: both sides ended it). */
  @Override
  public void release(Channel stream) {
    BackendHandler handler = stream.pipeline().get(BackendHandler.class);
    if (handler != null) {
      handler.unbind();
    }
    stream.close();
  }

  @Override
  public boolean multiplexed() {
    return true;
  }

  @Override
  public void close() {
    opened.closeAll();
  }

  @Override
  public int openConnections() {
    return opened.count();
  }

  private void acquireNow(EventLoop loop, Promise<Channel> promise) {
    if (opened.closed()) {
      promise.tryFailure(new UpstreamClosedException(upstream));
      return;
    }
    List<Connection> list = connections.computeIfAbsent(loop, l -> new ArrayList<>(2));
    for (Connection connection : list) {
      if (connection.hasRoom()) {
        connection.reserve(promise);
        return;
      }
    }
    Connection connection = connect(loop, list);
    connection.reserve(promise);
  }

  private Connection connect(EventLoop loop, List<Connection> list) {
    Http2FrameCodec codec =
        Http2FrameCodecBuilder.forClient()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .pushEnabled(false)
                    .initialWindowSize(STREAM_WINDOW_BYTES)
                    .maxHeaderListSize(maxHeaderBytes))
            .validateHeaders(true)
            // Past the upstream's stream limit, new streams wait for a free one instead of failing.
            .encoderEnforceMaxConcurrentStreams(true)
            .build();
    ChannelFuture connecting =
        bootstrap
            .clone(loop)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel.pipeline().addLast("h2", codec);
                    channel.pipeline().addLast("h2-streams", new Http2MultiplexHandler(REFUSE_PUSHED));
                    channel.pipeline().addLast("h2-connection", new ConnectionEnd());
                  }
                })
            .connect();
    Connection connection = new Connection(connecting.channel(), codec);
    list.add(connection);
    opened.add(
        connection.channel,
        () -> {
          list.remove(connection);
          connection.failWaiting(new IOException("upstream connection closed"));
        });
    connecting.addListener(
        (ChannelFuture done) -> {
          if (!done.isSuccess()) {
            connection.failWaiting(done.cause());
            return;
          }
          connection.connected();
        });
    return connection;
  }

  /** One connection and the streams it carries or will carry. Used from its loop only. */
  private final class Connection {
    private final Channel channel;
    private final Http2FrameCodec codec;
    private final ArrayDeque<Promise<Channel>> waiting = new ArrayDeque<>();
    private boolean connected;
    private int streams; // reserved or open
    private ScheduledFuture<?> idleTimer;

    Connection(Channel channel, Http2FrameCodec codec) {
      this.channel = channel;
      this.codec = codec;
    }

    boolean hasRoom() {
      if (!channel.isOpen() || (connected && !channel.isActive())) {
        return false;
      }
      if (!connected) {
        return streams < MAX_STREAMS_PER_CONNECTION;
      }
      if (codec.connection().goAwayReceived()) {
        return false;
      }
      int limit = Math.min(MAX_STREAMS_PER_CONNECTION, codec.connection().local().maxActiveStreams());
      return streams < limit;
    }

    void reserve(Promise<Channel> promise) {
      streams++;
      if (idleTimer != null) {
        idleTimer.cancel(false);
        idleTimer = null;
      }
      if (connected) {
        open(promise);
      } else {
        waiting.add(promise);
      }
    }

    void connected() {
      connected = true;
      int increment = CONNECTION_WINDOW_BYTES - Http2CodecUtil.DEFAULT_WINDOW_SIZE;
      if (increment > 0) {
        channel.writeAndFlush(new DefaultHttp2WindowUpdateFrame(increment));
      }
      Promise<Channel> promise;
      while ((promise = waiting.poll()) != null) {
        open(promise);
      }
      closeWhenIdle(); // in case nobody waits any more
    }

    void failWaiting(Throwable cause) {
      Promise<Channel> promise;
      while ((promise = waiting.poll()) != null) {
        streams--;
        promise.tryFailure(cause);
      }
    }

    private void open(Promise<Channel> promise) {
      new Http2StreamChannelBootstrap(channel)
          .option(ChannelOption.AUTO_READ, false)
          .handler(streamPipeline)
          .open()
          .addListener(
              (Future<Http2StreamChannel> opened) -> {
                if (!opened.isSuccess()) {
                  streamDone();
                  promise.tryFailure(opened.cause());
                  return;
                }
                Http2StreamChannel stream = opened.getNow();
                stream.closeFuture().addListener(f -> streamDone());
                if (!promise.trySuccess(stream)) {
                  stream.close(); // the exchange gave up meanwhile
                }
              });
    }

    private void streamDone() {
      streams--;
      closeWhenIdle();
    }

    /** With no stream: closes after the idle timeout, or at once after a GOAWAY. */
    private void closeWhenIdle() {
      if (streams > 0 || !channel.isActive()) {
        return;
      }
      if (codec.connection().goAwayReceived() || opened.closed()) {
        channel.close();
        return;
      }
      if (idleTimer == null) {
        idleTimer =
            channel
                .eventLoop()
                .schedule(
                    () -> {
                      idleTimer = null;
                      if (streams == 0) {
                        channel.close();
                      }
                    },
                    idleTimeoutNanos,
                    TimeUnit.NANOSECONDS);
      }
    }
  }

  /** The pipeline of each stream: HTTP/1.1 objects both ways, and the exchange's handler. */
  @ChannelHandler.Sharable
  private static final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
    @Override
    protected void initChannel(Http2StreamChannel stream) {
      stream.pipeline().addLast("codec", new Http2StreamFrameToHttpObjectCodec(false, true));
      stream.pipeline().addLast("backend", new BackendHandler());
    }
  }

  /** Last handler of a connection: what no stream took (SETTINGS, PING, GOAWAY) is dropped. */
  private static final class ConnectionEnd extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // its streams fail with it, and their exchanges retry or answer
    }
  }

  /** Server push is turned off in the settings; a pushed stream anyway is closed at once. */
  @ChannelHandler.Sharable
  private static final class RefusePushed extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.close();
    }
  }
}
