package io.splice.proxy.transport;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * A byte tunnel between two epoll channels that moves the bytes with {@code splice(2)}, socket to
 * pipe to socket, without copying them into the proxy's memory ({@link
 * AbstractEpollStreamChannel#spliceTo}). Use it where {@link #supports} says so, else {@link
 * Relay}:
 *
 * <pre>{@code
 * if (SpliceRelay.supports(client, upstream)) {
 *   SpliceRelay.join(client, upstream, copied::add);
 * } else {
 *   Relay.join(client, upstream);
 * }
 * }</pre>
 *
 * <p>Back-pressure is Netty's: a channel stops reading while what it spliced has not all left for
 * its peer, and reads again once it has. Behaves like {@link Relay} otherwise: a half-close is passed
 * on, the tunnel closes once both directions are done or as soon as either side closes or fails.
 *
 * <p>Half-closes need care. When a side's end of input arrives, Netty's splice path shuts that
 * input down after one round, possibly before the kernel handed over all that was queued before
 * the end; and at the end of input a level-triggered channel would be woken again and again. So at
 * a side's end of input, the relay stops its reading, reads what is still queued in the kernel
 * itself (a read of a socket whose input was shut down still returns what was queued) and writes
 * it to the peer after what was spliced, then shuts the peer's output down. Those few bytes, and any
 * that Netty happened to read as messages, are the only ones copied; {@code copied} counts them.
 *
 * <p>{@code spliceTo} is deprecated in Netty 4.2 (still there, with no replacement): this class is
 * the one place that uses it.
 */
public final class SpliceRelay extends ChannelInboundHandlerAdapter {

  private static final int DRAIN_CHUNK_BYTES = 64 * 1024;

  private final AbstractEpollStreamChannel peer;
  private final LongConsumer copied;
  private boolean inputDone;

  private SpliceRelay(AbstractEpollStreamChannel peer, LongConsumer copied) {
    this.peer = requireNonNull(peer, "peer");
    this.copied = requireNonNull(copied, "copied");
  }

  /** Whether {@code a} and {@code b} can splice to each other: both epoll, on one event loop. */
  public static boolean supports(Channel a, Channel b) {
    return a instanceof AbstractEpollStreamChannel
        && b instanceof AbstractEpollStreamChannel
        && a.eventLoop() == b.eventLoop();
  }

  /**
   * Adds a relay named {@code "relay"} at the end of each channel's pipeline and starts splicing
   * both ways; call on their event loop. Both must be connected, not auto-reading, and allow
   * half-closure. Bytes that go through the proxy's memory are reported to {@code copied}.
   *
   * @throws IllegalArgumentException when {@link #supports} is false
   */
  public static void join(Channel a, Channel b, LongConsumer copied) {
    if (!supports(a, b)) {
      throw new IllegalArgumentException("cannot splice between " + a + " and " + b);
    }
    AbstractEpollStreamChannel first = (AbstractEpollStreamChannel) a;
    AbstractEpollStreamChannel second = (AbstractEpollStreamChannel) b;
    a.pipeline().addLast("relay", new SpliceRelay(second, copied));
    b.pipeline().addLast("relay", new SpliceRelay(first, copied));
    start(first, second);
    start(second, first);
  }

  @SuppressWarnings("deprecation") // the only splice(2) Netty offers
  private static void start(AbstractEpollStreamChannel from, AbstractEpollStreamChannel to) {
    from.spliceTo(to, Integer.MAX_VALUE)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                // A reset, a closed side, a full pipe that cannot drain: the tunnel is over.
                Relay.closeOnFlush(to);
                from.close();
              }
            });
    // Netty's splice runs while the source reads freely; it stops reading by itself while the
    // target has not taken what was spliced (the back-pressure).
    from.config().setAutoRead(true);
  }

  /** Bytes Netty read as messages (between splice rounds): copied on, counted. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf) || !peer.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    copied.accept(((ByteBuf) msg).readableBytes());
    peer.writeAndFlush(msg, peer.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (inputDone) {
      // The end of input stays readable: keep the channel from being woken for it again.
      ctx.channel().config().setAutoRead(false);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!(event instanceof ChannelInputShutdownEvent)) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    if (inputDone) {
      return;
    }
    inputDone = true;
    AbstractEpollStreamChannel self = (AbstractEpollStreamChannel) ctx.channel();
    EpollRegistration.keepAfterInputShutdown(self); // it may still have much to write
    self.config().setAutoRead(false);
    try {
      drain(self);
    } catch (IOException e) {
      ctx.close();
      return;
    }
    // This side sent all it will: pass the half-close on; close once both directions are done.
    if (peer.isActive()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER)
          .addListener(f -> peer.shutdownOutput());
    }
    if (!peer.isActive() || ((DuplexChannel) self).isOutputShutdown()) {
      Relay.closeOnFlush(peer);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Relay.closeOnFlush(peer);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // resets are routine; channelInactive closes the peer
  }

  /**
   * Reads what the kernel still holds for {@code self} (its input has ended, so all of it is
   * there) and writes it to the peer, after what was spliced.
   */
  private void drain(AbstractEpollStreamChannel self) throws IOException {
    FileDescriptor fd = self.fd();
    while (true) {
      ByteBuf buffer = self.alloc().directBuffer(DRAIN_CHUNK_BYTES);
      int read;
      try {
        ByteBuffer target = buffer.internalNioBuffer(buffer.writerIndex(), buffer.writableBytes());
        read = fd.read(target, target.position(), target.limit());
      } catch (IOException | RuntimeException e) {
        buffer.release();
        throw e;
      }
      if (read <= 0) { // -1: the end; 0: nothing more for now (the end was seen already)
        buffer.release();
        return;
      }
      buffer.writerIndex(buffer.writerIndex() + read);
      copied.accept(read);
      if (peer.isActive()) {
        peer.write(buffer, peer.voidPromise());
      } else {
        buffer.release();
      }
    }
  }
}
