package io.splice.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hop-by-hop headers (RFC 9110 section 7.6.1, plus the pre-standard ones), which describe one
 * connection and never travel further, and the keep-alive reading of {@code Connection}.
 *
 * <p>Both run twice per proxied request. A message carries few headers and almost never a
 * hop-by-hop one other than {@code Connection}, so the headers are scanned once by name instead of
 * being looked up (hashed) once per hop-by-hop name.
 */
final class HopByHop {

  private static final AsciiString[] NAMES = {
    HttpHeaderNames.CONNECTION, // first: its tokens name more headers to remove
    HttpHeaderNames.KEEP_ALIVE,
    AsciiString.cached("proxy-connection"),
    HttpHeaderNames.PROXY_AUTHENTICATE,
    HttpHeaderNames.PROXY_AUTHORIZATION,
    HttpHeaderNames.TE,
    HttpHeaderNames.TRAILER,
    HttpHeaderNames.TRANSFER_ENCODING,
    HttpHeaderNames.UPGRADE
  };

  /** Whether some name of {@link #NAMES} has this length: most header names are skipped by it. */
  private static final boolean[] NAME_LENGTHS = nameLengths();

  /** Headers a {@code Connection} token may not remove: they frame or address the message. */
  private static final Set<String> PROTECTED = Set.of("content-length", "host");

  private HopByHop() {}

  /** Removes the hop-by-hop headers and those named by {@code Connection}. */
  static void strip(HttpHeaders headers) {
    int present = present(headers);
    if (present == 0) {
      return;
    }
    if ((present & 1) != 0) {
      removeNamedByConnection(headers);
    }
    for (int i = 0; i < NAMES.length; i++) {
      if ((present & (1 << i)) != 0) {
        headers.remove(NAMES[i]);
      }
    }
  }

  /**
   * Whether the connection that carried {@code message} stays open after it, as {@link
   * HttpUtil#isKeepAlive} answers, without splitting the usual lone {@code Connection} value.
   */
  static boolean isKeepAlive(HttpMessage message) {
    Iterator<? extends CharSequence> values =
        message.headers().valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
    if (!values.hasNext()) {
      return message.protocolVersion().isKeepAliveDefault();
    }
    CharSequence first = values.next();
    if (!values.hasNext()) {
      if (HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(first)) {
        return true;
      }
      if (HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(first)) {
        return false;
      }
    }
    return HttpUtil.isKeepAlive(message); // several values, or a list: the general reading
  }

  /** Bit i set when {@code NAMES[i]} is among the headers. */
  private static int present(HttpHeaders headers) {
    int present = 0;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      if (name.length() >= NAME_LENGTHS.length || !NAME_LENGTHS[name.length()]) {
        continue;
      }
      for (int i = 0; i < NAMES.length; i++) {
        if (NAMES[i].contentEqualsIgnoreCase(name)) {
          present |= 1 << i;
          break;
        }
      }
    }
    return present;
  }

  private static boolean[] nameLengths() {
    int longest = 0;
    for (AsciiString name : NAMES) {
      longest = Math.max(longest, name.length());
    }
    boolean[] lengths = new boolean[longest + 1];
    for (AsciiString name : NAMES) {
      lengths[name.length()] = true;
    }
    return lengths;
  }

  private static void removeNamedByConnection(HttpHeaders headers) {
    List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
    if (onlyKeepAliveOrClose(connection)) {
      return;
    }
    List<String> named = new ArrayList<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        String name = token.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !PROTECTED.contains(name)) {
          named.add(name);
        }
      }
    }
    for (String name : named) {
      headers.remove(name);
    }
  }

  /**
   * Whether {@code Connection} is just {@code keep-alive} or {@code close}, as nearly always: it
   * names no header beyond those always removed, so its value need not be split.
   */
  private static boolean onlyKeepAliveOrClose(List<String> connection) {
    if (connection.size() != 1) {
      return false;
    }
    String value = connection.get(0);
    return HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(value)
        || HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(value);
  }
}
