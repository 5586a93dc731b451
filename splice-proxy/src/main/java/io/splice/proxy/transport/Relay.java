package io.splice.proxy.transport;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongConsumer;

/**
 * Copies the bytes one channel reads to another, with back-pressure: a channel is read again only
 * while its peer is writable, and a peer that becomes writable again asks its side to read (Netty's
 * proxy example). One relay on each of the two channels makes a tunnel:
 *
 * <pre>{@code
 * Relay.join(client, upstream);   // both channels: AUTO_READ off, same event loop
 * }</pre>
 *
 * <p>When one side shuts down its sending half, the other side's sending half is shut down too,
 * after what was read is flushed; the tunnel closes once both directions are done, or as soon as
 * either channel closes or fails. Messages that are not bytes (left over from a codec that was
 * removed) are dropped.
 */
public final class Relay extends ChannelInboundHandlerAdapter {

  private final Channel peer;
  private final LongConsumer copied; // null: not counted

  private Relay(Channel peer, LongConsumer copied) {
    this.peer = requireNonNull(peer, "peer");
    this.copied = copied;
  }

  /**
   * Adds a relay named {@code "relay"} at the end of each channel's pipeline and starts reading
   * both. Handlers the caller wants gone must be removed first, except a decoder whose leftover
   * bytes should reach the peer: remove it after this call, so that they go through the relay.
   */
  public static void join(Channel a, Channel b) {
    a.pipeline().addLast("relay", new Relay(b, null));
    b.pipeline().addLast("relay", new Relay(a, null));
  }

  /** The same, reporting the bytes relayed (both ways) to {@code copied}. */
  public static void join(Channel a, Channel b, LongConsumer copied) {
    requireNonNull(copied, "copied");
    a.pipeline().addLast("relay", new Relay(b, copied));
    b.pipeline().addLast("relay", new Relay(a, copied));
  }

  /** Closes {@code channel} once what was written to it is flushed. */
  public static void closeOnFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    read(ctx.channel());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    read(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf) || !peer.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (copied != null) {
      copied.accept(((ByteBuf) msg).readableBytes());
    }
    peer.write(msg, peer.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
    if (peer.isWritable()) {
      read(ctx.channel());
    } // else the peer's relay reads us again when it drains (channelWritabilityChanged)
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      read(peer);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!(event instanceof ChannelInputShutdownEvent)) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    // This side sent all it will: pass the half-close on; close once both directions are done.
    Channel self = ctx.channel();
    EpollRegistration.keepAfterInputShutdown(self); // it may still have much to write
    if (peer instanceof DuplexChannel && peer.isActive()) {
      DuplexChannel duplex = (DuplexChannel) peer;
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> duplex.shutdownOutput());
      if (self instanceof DuplexChannel && ((DuplexChannel) self).isOutputShutdown()) {
        closeOnFlush(peer);
        ctx.close();
      }
    } else {
      closeOnFlush(peer);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeOnFlush(peer);
    ctx.fireChannelInactive();
  }

  /** Asks {@code channel} for more bytes, unless it has none to give (closed, or input shut down). */
  private static void read(Channel channel) {
    if (!channel.isActive()
        || (channel instanceof DuplexChannel && ((DuplexChannel) channel).isInputShutdown())) {
      return;
    }
    channel.read();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // resets are routine; channelInactive closes the peer
  }
}
