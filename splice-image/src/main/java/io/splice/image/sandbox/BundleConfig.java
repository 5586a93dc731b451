package io.splice.image.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import io.splice.image.oci.OciJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code config.json} of an OCI runtime bundle for one {@code RUN}: the root filesystem
 * writable, new pid, mount, ipc, uts and network namespaces (so the command sees only a loopback
 * interface: no network), Docker's default capabilities for root and none for other users,
 * {@code no_new_privileges}, and the usual {@code /proc}, {@code /dev} and read-only {@code /sys}
 * mounts.
 *
 * <pre>
 * {"ociVersion":"1.0.2","process":{"args":["/bin/sh","-c","make"],"cwd":"/src","user":{"uid":0,"gid":0},...},
 *  "root":{"path":"/.../rootfs","readonly":false},"hostname":"splice-build","mounts":[...],
 *  "linux":{"namespaces":[{"type":"pid"},{"type":"network"},...],"maskedPaths":[...]}}
 * </pre>
 */
final class BundleConfig {
  static final String HOSTNAME = "splice-build";
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** Docker's default capabilities. */
  static final List<String> CAPABILITIES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
      "CAP_KILL", "CAP_AUDIT_WRITE");
  /** Paths the runtime mounts over, relative to the root. */
  static final List<String> MOUNT_POINTS = List.of("proc", "dev", "sys");

  private static final List<String> MASKED = List.of(
      "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware");
  private static final List<String> READ_ONLY = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private BundleConfig() {}

  /**
   * The config's bytes.
   *
   * @param scripts the host files to mount at {@code /dev/pipes/NAME}, by name
   */
  static byte[] write(Path rootfs, RunSpec spec, UserResolver.Identity who, List<String> env, Map<String, Path> scripts) {
    return write(rootfs, null, spec, who, env, scripts);
  }

  /**
   * The config's bytes, for a root onto which the runtime first mounts an overlay (the first
   * mount, at {@code /}) with {@code overlay} options, unless they are null.
   */
  static byte[] write(Path rootfs, List<String> overlay, RunSpec spec, UserResolver.Identity who, List<String> env,
      Map<String, Path> scripts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = OciJson.factory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("ociVersion", "1.0.2");
      g.writeObjectFieldStart("process");
      g.writeBooleanField("terminal", false);
      g.writeObjectFieldStart("user");
      g.writeNumberField("uid", who.uid());
      g.writeNumberField("gid", who.gid());
      if (!who.additionalGids().isEmpty()) {
        g.writeArrayFieldStart("additionalGids");
        for (int gid : who.additionalGids()) {
          g.writeNumber(gid);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      strings(g, "args", spec.argv());
      strings(g, "env", env);
      g.writeStringField("cwd", spec.cwd());
      List<String> effective = who.uid() == 0 ? CAPABILITIES : List.of();
      g.writeObjectFieldStart("capabilities");
      strings(g, "bounding", CAPABILITIES);
      strings(g, "effective", effective);
      strings(g, "permitted", effective);
      g.writeEndObject();
      g.writeBooleanField("noNewPrivileges", true);
      g.writeEndObject();
      g.writeObjectFieldStart("root");
      g.writeStringField("path", rootfs.toString());
      g.writeBooleanField("readonly", false);
      g.writeEndObject();
      g.writeStringField("hostname", HOSTNAME);
      g.writeArrayFieldStart("mounts");
      if (overlay != null) {
        mount(g, "/", "overlay", "overlay", overlay.toArray(String[]::new));
      }
      mount(g, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
      mount(g, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
      mount(g, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
      mount(g, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
      mount(g, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
      mount(g, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
      for (Map.Entry<String, Path> script : new java.util.TreeMap<>(scripts).entrySet()) {
        mount(g, RunSpec.SCRIPT_DIR + "/" + script.getKey(), "bind", script.getValue().toString(), "rbind", "ro");
      }
      g.writeEndArray();
      g.writeObjectFieldStart("linux");
      g.writeArrayFieldStart("namespaces");
      for (String ns : List.of("pid", "network", "ipc", "uts", "mount")) {
        g.writeStartObject();
        g.writeStringField("type", ns);
        g.writeEndObject();
      }
      g.writeEndArray();
      strings(g, "maskedPaths", MASKED);
      strings(g, "readonlyPaths", READ_ONLY);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bundle config", e);
    }
    return out.toByteArray();
  }

  private static void mount(JsonGenerator g, String destination, String type, String source, String... options)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("destination", destination);
    g.writeStringField("type", type);
    g.writeStringField("source", source);
    strings(g, "options", List.of(options));
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
