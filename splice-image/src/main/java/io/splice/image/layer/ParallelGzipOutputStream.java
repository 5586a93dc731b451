package io.splice.image.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip with the deflate work spread over the machine's cores, as pigz does it: the input is cut
 * into blocks of {@value #BLOCK} bytes, each block is deflated on its own (primed with the last
 * 32 KiB of the block before it, so the ratio stays that of one stream) and ends with a sync
 * flush, and the pieces are written in order as one ordinary deflate stream. The bytes depend
 * only on the input, the level and the block size, never on the number of threads or on how
 * the input arrives, so layers stay reproducible. An input shorter than a block gives exactly
 * the bytes of plain gzip at the same level.
 *
 * <p>The header carries no name and a zero time; its operating system byte is {@code os}.
 */
final class ParallelGzipOutputStream extends OutputStream {
  /** The block size. Changing it changes every larger layer's digest. */
  static final int BLOCK = 128 * 1024;
  private static final int DICTIONARY = 32 * 1024;
  private static final int THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS, r -> {
    Thread t = new Thread(r, "splice-gzip");
    t.setDaemon(true);
    return t;
  });

  private final OutputStream out;
  private final int level;
  private final CRC32 crc = new CRC32();
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private byte[] block = new byte[BLOCK];
  private int filled;
  private byte[] previousTail;
  private long total;
  private boolean closed;

  ParallelGzipOutputStream(OutputStream out, int level, int os) throws IOException {
    this.out = out;
    this.level = level;
    int xfl = level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0;
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) os});
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    crc.update(b, off, len);
    total += len;
    while (len > 0) {
      int n = Math.min(len, BLOCK - filled);
      System.arraycopy(b, off, block, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == BLOCK) {
        submit(false);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      submit(true);
      while (!inFlight.isEmpty()) {
        out.write(take());
      }
      long value = crc.getValue();
      byte[] trailer = new byte[8];
      for (int i = 0; i < 4; i++) {
        trailer[i] = (byte) (value >>> (8 * i));
        trailer[4 + i] = (byte) (total >>> (8 * i));
      }
      out.write(trailer);
    } finally {
      inFlight.forEach(f -> f.cancel(true));
      out.close();
    }
  }

  private void submit(boolean last) throws IOException {
    byte[] input = block;
    int length = filled;
    byte[] dictionary = previousTail;
    if (!last) {
      previousTail = Arrays.copyOfRange(input, length - DICTIONARY, length);
      block = new byte[BLOCK];
      filled = 0;
    }
    if (POOL == null) {
      out.write(deflate(input, length, dictionary, last, level));
      return;
    }
    inFlight.add(POOL.submit(() -> deflate(input, length, dictionary, last, level)));
    while (inFlight.size() > 2 * THREADS) {
      out.write(take());
    }
  }

  private byte[] take() throws IOException {
    try {
      return inFlight.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      throw new IOException("compressing failed: " + e.getCause(), e.getCause());
    }
  }

  /** One block as raw deflate data: sync-flushed, or finished when it is the last. */
  private static byte[] deflate(byte[] input, int length, byte[] dictionary, boolean last, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(input, 0, length);
      if (last) {
        deflater.finish();
      }
      byte[] buffer = new byte[Math.max(1024, length + length / 8 + 64)];
      int size = 0;
      while (true) {
        if (size == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int room = buffer.length - size;
        int n = deflater.deflate(buffer, size, room, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        size += n;
        if (last ? deflater.finished() : n < room) {
          break; // a sync flush is complete when it leaves room in the buffer
        }
      }
      return Arrays.copyOf(buffer, size);
    } finally {
      deflater.end();
    }
  }
}
