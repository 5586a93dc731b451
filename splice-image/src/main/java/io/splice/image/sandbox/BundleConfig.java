package io.splice.image.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.splice.image.oci.OciJson;
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
    ObjectNode c = OciJson.mapper().createObjectNode();
    c.put("ociVersion", "1.0.2");
    ObjectNode process = c.putObject("process");
    process.put("terminal", false);
    ObjectNode user = process.putObject("user");
    user.put("uid", who.uid());
    user.put("gid", who.gid());
    if (!who.additionalGids().isEmpty()) {
      ArrayNode gids = user.putArray("additionalGids");
      who.additionalGids().forEach(gids::add);
    }
    strings(process.putArray("args"), spec.argv());
    strings(process.putArray("env"), env);
    process.put("cwd", spec.cwd());
    ObjectNode caps = process.putObject("capabilities");
    List<String> effective = who.uid() == 0 ? CAPABILITIES : List.of();
    strings(caps.putArray("bounding"), CAPABILITIES);
    strings(caps.putArray("effective"), effective);
    strings(caps.putArray("permitted"), effective);
    process.put("noNewPrivileges", true);
    ObjectNode root = c.putObject("root");
    root.put("path", rootfs.toString());
    root.put("readonly", false);
    c.put("hostname", HOSTNAME);
    ArrayNode mounts = c.putArray("mounts");
    mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
    mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
    mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    for (Map.Entry<String, Path> script : new java.util.TreeMap<>(scripts).entrySet()) {
      mount(mounts, RunSpec.SCRIPT_DIR + "/" + script.getKey(), "bind", script.getValue().toString(), "rbind", "ro");
    }
    ObjectNode linux = c.putObject("linux");
    ArrayNode namespaces = linux.putArray("namespaces");
    for (String ns : List.of("pid", "network", "ipc", "uts", "mount")) {
      namespaces.addObject().put("type", ns);
    }
    strings(linux.putArray("maskedPaths"), MASKED);
    strings(linux.putArray("readonlyPaths"), READ_ONLY);
    return OciJson.write(c);
  }

  private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
    ObjectNode m = mounts.addObject();
    m.put("destination", destination);
    m.put("type", type);
    m.put("source", source);
    strings(m.putArray("options"), List.of(options));
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
