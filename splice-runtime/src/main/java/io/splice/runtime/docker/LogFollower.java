package io.splice.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows one container's stdout and stderr into the replica's log file, as the Engine's logs API
 * streams them (docker-java reads them on a daemon thread of its own). It appends, in the file's
 * append mode, so the daemon's copy-and-truncate rotation works on this file as on a process
 * replica's. The stream ends by itself when the container stops.
 */
final class LogFollower implements Closeable {
  private final Callback callback;

  private LogFollower(Callback callback) {
    this.callback = callback;
  }

  /** Follows everything the container has written since it started. */
  static LogFollower fromStart(DockerClient client, String container, Path logFile) throws IOException {
    return follow(client.logContainerCmd(container), logFile);
  }

  /** Follows what the container writes from the start of the current second on (the Engine counts whole seconds). */
  static LogFollower fromNow(DockerClient client, String container, Path logFile) throws IOException {
    return follow(client.logContainerCmd(container).withSince((int) Instant.now().getEpochSecond()), logFile);
  }

  private static LogFollower follow(LogContainerCmd command, Path logFile) throws IOException {
    Callback callback = new Callback(new FileOutputStream(logFile.toFile(), true));
    try {
      return new LogFollower(command.withFollowStream(true).withStdOut(true).withStdErr(true).exec(callback));
    } catch (RuntimeException e) {
      callback.closeFile();
      throw e;
    }
  }

  /**
   * Waits up to {@code timeout} for the stream to end (the container stopped and everything it
   * wrote is in the file); returns whether it did. Once it has, the file is closed.
   */
  boolean awaitEnd(Duration timeout) {
    try {
      return callback.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the stream has ended: the container stopped, or the Engine went away. */
  boolean ended() {
    return callback.ended.getCount() == 0;
  }

  /** Stops following (the container keeps running) and closes the file. */
  @Override
  public void close() {
    try {
      callback.close();
    } catch (IOException e) {
      // The stream is being torn down: nothing is left to write.
    }
    callback.closeFile();
  }

  private static final class Callback extends ResultCallback.Adapter<Frame> {
    private final OutputStream file;
    private final CountDownLatch ended = new CountDownLatch(1);
    private boolean closed;

    Callback(OutputStream file) {
      this.file = file;
    }

    @Override
    public synchronized void onNext(Frame frame) {
      if (closed) {
        return;
      }
      try {
        file.write(frame.getPayload());
      } catch (IOException e) {
        // The file cannot take more (a full disk): the replica runs on, its output stays in the
        // Engine's own log, and following ends here (a later adoption starts it again).
        closeFile();
        ended.countDown();
        try {
          close();
        } catch (IOException ignored) {
          // already failing
        }
      }
    }

    @Override
    public void onError(Throwable error) {
      // The Engine went away or the container is gone: nothing more will come.
      closeFile();
      ended.countDown();
      super.onError(error);
    }

    @Override
    public void onComplete() {
      closeFile();
      ended.countDown();
      super.onComplete();
    }

    synchronized void closeFile() {
      if (!closed) {
        closed = true;
        try {
          file.close();
        } catch (IOException e) {
          // nothing was lost that a retry could save
        }
      }
    }
  }
}
