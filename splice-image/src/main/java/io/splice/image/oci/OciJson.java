package io.splice.image.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the OCI JSON documents. Output is compact, with properties in a fixed order
 * and map keys sorted, so that the same model always gives the same bytes and the same digest.
 * Unknown properties are ignored when reading.
 *
 * <p>The image documents ({@link ImageIndex}, {@link Manifest}, {@link ImageConfig} and their parts)
 * go through jackson-core's streaming parser and generator with one small codec each: a build
 * reads and writes a handful of them, and Jackson's object mapper costs a new process a quarter
 * of a second to set up, more than the rest of a cached build. The codecs keep the mapper's
 * inclusion rules (the annotations on the records) byte for byte. Other documents (and {@link
 * #mapper()}) use the object mapper, made on first use.
 */
public final class OciJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private OciJson() {}

  /** The canonical bytes of a document. */
  public static byte[] write(Object document) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (document instanceof ImageConfig) {
        imageConfig(g, (ImageConfig) document);
      } else if (document instanceof Manifest) {
        manifest(g, (Manifest) document);
      } else if (document instanceof ImageIndex) {
        index(g, (ImageIndex) document);
      } else if (document instanceof Descriptor) {
        descriptor(g, (Descriptor) document);
      } else if (document instanceof ContainerConfig) {
        containerConfig(g, (ContainerConfig) document);
      } else if (document instanceof ContainerConfig.HealthConfig) {
        health(g, (ContainerConfig.HealthConfig) document);
      } else if (document instanceof ImageConfig.History) {
        history(g, (ImageConfig.History) document);
      } else if (document instanceof ImageConfig.RootFs) {
        rootFs(g, (ImageConfig.RootFs) document);
      } else if (document instanceof Platform) {
        platform(g, (Platform) document);
      } else {
        g.close();
        return Mapper.INSTANCE.writeValueAsBytes(document);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + document.getClass().getSimpleName(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + document.getClass().getSimpleName(), e);
    }
    return out.toByteArray();
  }

  /** A document from its bytes. */
  @SuppressWarnings("unchecked")
  public static <T> T read(byte[] json, Class<T> type) throws IOException {
    if (type != ImageConfig.class && type != Manifest.class && type != ImageIndex.class && type != Descriptor.class) {
      return Mapper.INSTANCE.readValue(json, type);
    }
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      Object value;
      if (type == ImageConfig.class) {
        value = readImageConfig(p);
      } else if (type == Manifest.class) {
        value = readManifest(p);
      } else if (type == ImageIndex.class) {
        value = readIndex(p);
      } else {
        value = readDescriptor(p);
      }
      if (value == null) {
        throw new IOException("expected a JSON object for " + type.getSimpleName());
      }
      return (T) value;
    }
  }

  /**
   * Any JSON document as plain values: objects as {@link Map} (in document order), arrays as
   * {@link List}, strings, numbers ({@link Long}, {@link Double}), booleans and null.
   */
  public static Object parse(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      Object value = readAny(p);
      if (p.nextToken() != null) {
        throw new IOException("unexpected content after the JSON value");
      }
      return value;
    }
  }

  /** The streaming factory, for small documents of other kinds. */
  public static JsonFactory factory() {
    return FACTORY;
  }

  /** The shared object mapper, for documents other than the OCI ones (docker-archive manifest, lint output). */
  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  /** Holds the mapper, so that it is only made when used. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = JsonMapper.builder()
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  // --- writing: the inclusion rules of the records' annotations --------------------------------

  private static void imageConfig(JsonGenerator g, ImageConfig c) throws IOException {
    g.writeStartObject();
    nonEmpty(g, "created", c.created());
    nonEmpty(g, "author", c.author());
    nonEmpty(g, "architecture", c.architecture());
    nonEmpty(g, "os", c.os());
    nonEmpty(g, "variant", c.variant());
    g.writeFieldName("config");
    containerConfig(g, c.config());
    if (c.rootfs() != null) {
      g.writeFieldName("rootfs");
      rootFs(g, c.rootfs());
    }
    if (!c.history().isEmpty()) {
      g.writeArrayFieldStart("history");
      for (ImageConfig.History h : c.history()) {
        history(g, h);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void rootFs(JsonGenerator g, ImageConfig.RootFs r) throws IOException {
    g.writeStartObject();
    g.writeFieldName("type");
    if (r.type() == null) {
      g.writeNull();
    } else {
      g.writeString(r.type());
    }
    g.writeArrayFieldStart("diff_ids");
    for (String id : r.diffIds()) {
      g.writeString(id);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void history(JsonGenerator g, ImageConfig.History h) throws IOException {
    g.writeStartObject();
    nonEmpty(g, "created", h.created());
    nonEmpty(g, "created_by", h.createdBy());
    nonEmpty(g, "comment", h.comment());
    if (h.emptyLayer()) {
      g.writeBooleanField("empty_layer", true);
    }
    g.writeEndObject();
  }

  private static void containerConfig(JsonGenerator g, ContainerConfig c) throws IOException {
    g.writeStartObject();
    nonEmpty(g, "User", c.user());
    nonEmptyMap(g, "ExposedPorts", c.exposedPorts());
    nonEmptyList(g, "Env", c.env());
    nonEmptyList(g, "Entrypoint", c.entrypoint());
    nonEmptyList(g, "Cmd", c.cmd());
    nonEmptyMap(g, "Volumes", c.volumes());
    nonEmpty(g, "WorkingDir", c.workingDir());
    nonEmptyMap(g, "Labels", c.labels());
    nonEmpty(g, "StopSignal", c.stopSignal());
    if (c.healthcheck() != null) {
      g.writeFieldName("Healthcheck");
      health(g, c.healthcheck());
    }
    nonEmptyList(g, "Shell", c.shell());
    g.writeEndObject();
  }

  private static void health(JsonGenerator g, ContainerConfig.HealthConfig h) throws IOException {
    g.writeStartObject();
    nonEmptyList(g, "Test", h.test());
    nonZero(g, "Interval", h.interval());
    nonZero(g, "Timeout", h.timeout());
    nonZero(g, "StartPeriod", h.startPeriod());
    nonZero(g, "StartInterval", h.startInterval());
    nonZero(g, "Retries", h.retries());
    g.writeEndObject();
  }

  private static void manifest(JsonGenerator g, Manifest m) throws IOException {
    g.writeStartObject();
    g.writeNumberField("schemaVersion", m.schemaVersion());
    nonEmpty(g, "mediaType", m.mediaType());
    if (m.config() != null) {
      g.writeFieldName("config");
      descriptor(g, m.config());
    }
    g.writeArrayFieldStart("layers");
    for (Descriptor d : m.layers()) {
      descriptor(g, d);
    }
    g.writeEndArray();
    nonEmptyMap(g, "annotations", m.annotations());
    g.writeEndObject();
  }

  private static void index(JsonGenerator g, ImageIndex index) throws IOException {
    g.writeStartObject();
    g.writeNumberField("schemaVersion", index.schemaVersion());
    nonEmpty(g, "mediaType", index.mediaType());
    if (!index.manifests().isEmpty()) {
      g.writeArrayFieldStart("manifests");
      for (Descriptor d : index.manifests()) {
        descriptor(g, d);
      }
      g.writeEndArray();
    }
    nonEmptyMap(g, "annotations", index.annotations());
    g.writeEndObject();
  }

  private static void descriptor(JsonGenerator g, Descriptor d) throws IOException {
    g.writeStartObject();
    nonEmpty(g, "mediaType", d.mediaType());
    nonEmpty(g, "digest", d.digest());
    g.writeNumberField("size", d.size());
    nonEmptyMap(g, "annotations", d.annotations());
    if (d.platform() != null) {
      g.writeFieldName("platform");
      platform(g, d.platform());
    }
    g.writeEndObject();
  }

  private static void platform(JsonGenerator g, Platform p) throws IOException {
    g.writeStartObject();
    if (p.architecture() != null) {
      g.writeStringField("architecture", p.architecture());
    }
    if (p.os() != null) {
      g.writeStringField("os", p.os());
    }
    if (p.variant() != null) {
      g.writeStringField("variant", p.variant());
    }
    g.writeEndObject();
  }

  private static void nonEmpty(JsonGenerator g, String field, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(field, value);
    }
  }

  private static void nonZero(JsonGenerator g, String field, long value) throws IOException {
    if (value != 0) {
      g.writeNumberField(field, value);
    }
  }

  private static void nonEmptyList(JsonGenerator g, String field, List<String> values) throws IOException {
    if (values != null && !values.isEmpty()) {
      g.writeArrayFieldStart(field);
      for (String v : values) {
        if (v == null) {
          g.writeNull();
        } else {
          g.writeString(v);
        }
      }
      g.writeEndArray();
    }
  }

  private static void nonEmptyMap(JsonGenerator g, String field, Map<String, ?> values) throws IOException {
    if (values != null && !values.isEmpty()) {
      g.writeFieldName(field);
      writeAny(g, values);
    }
  }

  /** Writes plain values; map keys sorted, as the object mapper orders them. */
  private static void writeAny(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : new TreeMap<>((Map<?, ?>) value).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeAny(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List) {
      g.writeStartArray();
      for (Object item : (List<?>) value) {
        writeAny(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof String) {
      g.writeString((String) value);
    } else if (value instanceof Boolean) {
      g.writeBoolean((Boolean) value);
    } else if (value instanceof Integer || value instanceof Long) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number) {
      g.writeNumber(((Number) value).doubleValue());
    } else {
      throw new IOException("cannot write a " + value.getClass().getSimpleName() + " as JSON");
    }
  }

  // --- reading: unknown properties skipped, null where a property is missing or null ----------

  private static ImageConfig readImageConfig(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String created = null;
    String author = null;
    String architecture = null;
    String os = null;
    String variant = null;
    ContainerConfig config = null;
    ImageConfig.RootFs rootfs = null;
    List<ImageConfig.History> history = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "created" -> created = string(p);
        case "author" -> author = string(p);
        case "architecture" -> architecture = string(p);
        case "os" -> os = string(p);
        case "variant" -> variant = string(p);
        case "config" -> config = readContainerConfig(p);
        case "rootfs" -> rootfs = readRootFs(p);
        case "history" -> {
          if (p.currentToken() == JsonToken.START_ARRAY) {
            history = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              ImageConfig.History h = readHistory(p);
              if (h != null) {
                history.add(h);
              }
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return new ImageConfig(created, author, architecture, os, variant, config, rootfs, history);
  }

  private static ImageConfig.RootFs readRootFs(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String type = null;
    List<String> diffIds = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "type" -> type = string(p);
        case "diff_ids" -> diffIds = strings(p);
        default -> p.skipChildren();
      }
    }
    return new ImageConfig.RootFs(type, diffIds);
  }

  private static ImageConfig.History readHistory(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String created = null;
    String createdBy = null;
    String comment = null;
    boolean empty = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "created" -> created = string(p);
        case "created_by" -> createdBy = string(p);
        case "comment" -> comment = string(p);
        case "empty_layer" -> empty = p.currentToken() == JsonToken.VALUE_TRUE;
        default -> p.skipChildren();
      }
    }
    return new ImageConfig.History(created, createdBy, comment, empty);
  }

  private static ContainerConfig readContainerConfig(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String user = null;
    Map<String, Map<String, Object>> ports = null;
    List<String> env = null;
    List<String> entrypoint = null;
    List<String> cmd = null;
    Map<String, Map<String, Object>> volumes = null;
    String workingDir = null;
    Map<String, String> labels = null;
    String stopSignal = null;
    ContainerConfig.HealthConfig health = null;
    List<String> shell = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "User" -> user = string(p);
        case "ExposedPorts" -> ports = objectMap(p);
        case "Env" -> env = strings(p);
        case "Entrypoint" -> entrypoint = strings(p);
        case "Cmd" -> cmd = strings(p);
        case "Volumes" -> volumes = objectMap(p);
        case "WorkingDir" -> workingDir = string(p);
        case "Labels" -> labels = stringMap(p);
        case "StopSignal" -> stopSignal = string(p);
        case "Healthcheck" -> health = readHealth(p);
        case "Shell" -> shell = strings(p);
        default -> p.skipChildren();
      }
    }
    return new ContainerConfig(user, ports, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal, health, shell);
  }

  private static ContainerConfig.HealthConfig readHealth(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    List<String> test = null;
    long interval = 0;
    long timeout = 0;
    long startPeriod = 0;
    long startInterval = 0;
    int retries = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "Test" -> test = strings(p);
        case "Interval" -> interval = number(p);
        case "Timeout" -> timeout = number(p);
        case "StartPeriod" -> startPeriod = number(p);
        case "StartInterval" -> startInterval = number(p);
        case "Retries" -> retries = (int) number(p);
        default -> p.skipChildren();
      }
    }
    return new ContainerConfig.HealthConfig(test, interval, timeout, startPeriod, startInterval, retries);
  }

  private static Manifest readManifest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    int schemaVersion = 0;
    String mediaType = null;
    Descriptor config = null;
    List<Descriptor> layers = null;
    Map<String, String> annotations = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "schemaVersion" -> schemaVersion = (int) number(p);
        case "mediaType" -> mediaType = string(p);
        case "config" -> config = readDescriptor(p);
        case "layers" -> layers = descriptors(p);
        case "annotations" -> annotations = stringMap(p);
        default -> p.skipChildren();
      }
    }
    return new Manifest(schemaVersion, mediaType, config, layers, annotations);
  }

  private static ImageIndex readIndex(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    int schemaVersion = 0;
    String mediaType = null;
    List<Descriptor> manifests = null;
    Map<String, String> annotations = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "schemaVersion" -> schemaVersion = (int) number(p);
        case "mediaType" -> mediaType = string(p);
        case "manifests" -> manifests = descriptors(p);
        case "annotations" -> annotations = stringMap(p);
        default -> p.skipChildren();
      }
    }
    return new ImageIndex(schemaVersion, mediaType, manifests, annotations);
  }

  private static List<Descriptor> descriptors(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<Descriptor> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      Descriptor d = readDescriptor(p);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  private static Descriptor readDescriptor(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String mediaType = null;
    String digest = null;
    long size = 0;
    Map<String, String> annotations = null;
    Platform platform = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "mediaType" -> mediaType = string(p);
        case "digest" -> digest = string(p);
        case "size" -> size = number(p);
        case "annotations" -> annotations = stringMap(p);
        case "platform" -> platform = readPlatform(p);
        default -> p.skipChildren();
      }
    }
    return new Descriptor(mediaType, digest, size, annotations, platform);
  }

  private static Platform readPlatform(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String architecture = null;
    String os = null;
    String variant = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      p.nextToken();
      switch (name) {
        case "architecture" -> architecture = string(p);
        case "os" -> os = string(p);
        case "variant" -> variant = string(p);
        default -> p.skipChildren();
      }
    }
    return new Platform(architecture, os, variant);
  }

  /** Whether the current token starts an object; a null or another value is skipped. */
  private static boolean startObject(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) {
      return true;
    }
    if (p.currentToken() != JsonToken.VALUE_NULL) {
      p.skipChildren();
    }
    return false;
  }

  private static String string(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      throw new IOException("expected a string for " + p.getCurrentName() + ", found " + t);
    }
    return p.getText();
  }

  private static long number(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return (long) p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(p.getText().strip());
      } catch (NumberFormatException e) {
        throw new IOException("expected a number for " + p.getCurrentName() + ", found \"" + p.getText() + "\"");
      }
    }
    throw new IOException("expected a number for " + p.getCurrentName() + ", found " + t);
  }

  private static List<String> strings(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw new IOException("expected a list of strings for " + p.getCurrentName() + ", found " + t);
    }
    List<String> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(string(p));
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.getCurrentName();
      p.nextToken();
      out.put(key, string(p));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> objectMap(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.getCurrentName();
      p.nextToken();
      Object value = readAny(p);
      out.put(key, value instanceof Map ? (Map<String, Object>) value : null);
    }
    return out;
  }

  private static Object readAny(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new IOException("no JSON value");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.getCurrentName();
          p.nextToken();
          out.put(key, readAny(p));
        }
        return out;
      }
      case START_ARRAY: {
        List<Object> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          out.add(readAny(p));
        }
        return out;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }
}
