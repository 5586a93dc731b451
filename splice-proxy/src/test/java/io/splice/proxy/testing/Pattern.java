package io.splice.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Large bodies made on the fly, never stored: a 64 KiB block of seeded random bytes repeated, so a
 * gigabyte costs nothing to make and its checksum is known without keeping it.
 */
public final class Pattern {

  private static final byte[] BLOCK = new byte[64 * 1024];

  static {
    new SplittableRandom(20).nextBytes(BLOCK);
  }

  private Pattern() {}

  /** The first {@code length} bytes of the pattern. */
  public static InputStream stream(long length) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        return position < length ? BLOCK[(int) (position++ % BLOCK.length)] & 0xff : -1;
      }

      @Override
      public int read(byte[] into, int offset, int len) {
        if (position >= length) {
          return -1;
        }
        int at = (int) (position % BLOCK.length);
        int n = (int) Math.min(Math.min(len, BLOCK.length - at), length - position);
        System.arraycopy(BLOCK, at, into, offset, n);
        position += n;
        return n;
      }
    };
  }

  /** {@code "BYTES CRC32"} of the first {@code length} bytes of the pattern. */
  public static String describe(long length) {
    try {
      return count(stream(length));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Reads {@code in} to its end and returns {@code "BYTES CRC32"} of what it read. */
  public static String count(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      crc.update(buffer, 0, n);
      total += n;
    }
    return total + " " + Long.toHexString(crc.getValue());
  }
}
