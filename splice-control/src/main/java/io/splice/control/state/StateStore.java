package io.splice.control.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's desired and observed state in an embedded H2 database. Every write commits at once,
 * so a daemon killed at any moment restarts from what it last did. Not thread-safe: the daemon's
 * single control loop owns it.
 */
public final class StateStore implements AutoCloseable {
  private static final int SCHEMA_VERSION = 1;
  /** H2's error code for a database file that another process holds open. */
  private static final int DATABASE_ALREADY_OPEN = 90020;
  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS app (name VARCHAR(63) PRIMARY KEY, spec_path VARCHAR(4096) NOT NULL,"
        + " spec_json CLOB NOT NULL, state VARCHAR(16) NOT NULL, updated_at TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS service_port (app VARCHAR(63) NOT NULL, service VARCHAR(63) NOT NULL,"
        + " port INT NOT NULL UNIQUE, PRIMARY KEY (app, service))",
    "CREATE TABLE IF NOT EXISTS replica (id VARCHAR(200) PRIMARY KEY, app VARCHAR(63) NOT NULL, service VARCHAR(63) NOT NULL,"
        + " slot INT NOT NULL, runtime VARCHAR(32) NOT NULL, pid BIGINT NOT NULL, start_time BIGINT NOT NULL, port INT NOT NULL,"
        + " log_file VARCHAR(4096) NOT NULL, state VARCHAR(16) NOT NULL, restarts INT NOT NULL, started_at TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS proxy (id INT PRIMARY KEY, pid BIGINT NOT NULL, start_time BIGINT NOT NULL,"
        + " admin_port INT NOT NULL, config_version BIGINT NOT NULL)",
    "ALTER TABLE app ADD COLUMN IF NOT EXISTS previous_spec_json CLOB",
    "ALTER TABLE app ADD COLUMN IF NOT EXISTS deploy_tokens VARCHAR(4096) DEFAULT '{}' NOT NULL",
    "ALTER TABLE replica ADD COLUMN IF NOT EXISTS version VARCHAR(64) DEFAULT '' NOT NULL",
    "CREATE TABLE IF NOT EXISTS deployment (app VARCHAR(63) NOT NULL, service VARCHAR(63) NOT NULL, kind VARCHAR(16) NOT NULL,"
        + " version VARCHAR(64) NOT NULL, previous_version VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL,"
        + " message VARCHAR(4096) NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, PRIMARY KEY (app, service))",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS blue_green BOOLEAN DEFAULT FALSE NOT NULL",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS keep_millis BIGINT DEFAULT 0 NOT NULL",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS switched BOOLEAN DEFAULT FALSE NOT NULL",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS keep_until TIMESTAMP",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS canary_steps VARCHAR(200) DEFAULT '' NOT NULL",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS step INT DEFAULT 0 NOT NULL",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS step_started_at TIMESTAMP",
    "ALTER TABLE deployment ADD COLUMN IF NOT EXISTS step_millis BIGINT DEFAULT 0 NOT NULL",
  };

  private final Connection connection;

  private StateStore(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens (and creates or migrates) the database in {@code dir}. The file lock is an OS lock, so it
   * dies with its process: a daemon killed with SIGKILL leaves no stale lock behind. WRITE_DELAY=0
   * writes every commit to the file at once (H2 otherwise batches them for up to a second, which a
   * SIGKILL would lose).
   */
  public static StateStore open(Path dir) throws StateException {
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("splice") + ";FILE_LOCK=FS;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    try {
      Connection connection = DriverManager.getConnection(url, "splice", "");
      StateStore store = new StateStore(connection);
      store.migrate();
      return store;
    } catch (SQLException e) {
      if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
        throw new StateException("the state database in " + dir + " is in use by another daemon", e);
      }
      throw new StateException("cannot open the state database in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void migrate() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
      try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM schema_version")) {
        rows.next();
        if (rows.getInt(1) == 0) {
          statement.execute("INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ")");
        }
      }
    }
  }

  public void saveApp(AppRow app) throws StateException {
    update("MERGE INTO app (name, spec_path, spec_json, state, previous_spec_json, deploy_tokens, updated_at) KEY (name)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        app.name(), app.specPath(), app.specJson(), app.state(), app.previousSpecJson(), app.deployTokens(),
        Timestamp.from(Instant.now()));
  }

  public List<AppRow> apps() throws StateException {
    return query("SELECT name, spec_path, spec_json, state, previous_spec_json, deploy_tokens FROM app ORDER BY name",
        rows -> new AppRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
            rows.getString(6)));
  }

  /** Records a service's current rollout, replacing the one before. */
  public void saveDeployment(DeploymentRow deployment) throws StateException {
    update("MERGE INTO deployment (app, service, kind, version, previous_version, state, message, started_at, finished_at,"
            + " blue_green, keep_millis, switched, keep_until, canary_steps, step, step_started_at, step_millis) KEY (app, service)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        deployment.app(), deployment.service(), deployment.kind(), deployment.version(), deployment.previousVersion(),
        deployment.state(), deployment.message(), Timestamp.from(deployment.startedAt()), timestamp(deployment.finishedAt()),
        deployment.blueGreen(), deployment.keepMillis(), deployment.switched(), timestamp(deployment.keepUntil()),
        deployment.canarySteps(), deployment.step(), timestamp(deployment.stepStartedAt()), deployment.stepMillis());
  }

  public List<DeploymentRow> deployments() throws StateException {
    return query("SELECT app, service, kind, version, previous_version, state, message, started_at, finished_at,"
            + " blue_green, keep_millis, switched, keep_until, canary_steps, step, step_started_at, step_millis"
            + " FROM deployment ORDER BY app, service",
        rows -> new DeploymentRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
            rows.getString(5), rows.getString(6), rows.getString(7), rows.getTimestamp(8).toInstant(),
            instant(rows.getTimestamp(9)), rows.getBoolean(10), rows.getLong(11), rows.getBoolean(12),
            instant(rows.getTimestamp(13)), rows.getString(14), rows.getInt(15), instant(rows.getTimestamp(16)),
            rows.getLong(17)));
  }

  /** Deletes an app with its ports, replicas and rollouts. */
  public void deleteApp(String name) throws StateException {
    update("DELETE FROM deployment WHERE app = ?", name);
    update("DELETE FROM replica WHERE app = ?", name);
    update("DELETE FROM service_port WHERE app = ?", name);
    update("DELETE FROM app WHERE name = ?", name);
  }

  /** The stable service ports of every app: app → service → port. */
  public Map<String, Map<String, Integer>> servicePorts() throws StateException {
    Map<String, Map<String, Integer>> ports = new HashMap<>();
    for (String[] row : query("SELECT app, service, port FROM service_port",
        rows -> new String[] {rows.getString(1), rows.getString(2), Integer.toString(rows.getInt(3))})) {
      ports.computeIfAbsent(row[0], app -> new HashMap<>()).put(row[1], Integer.parseInt(row[2]));
    }
    return ports;
  }

  public void saveServicePort(String app, String service, int port) throws StateException {
    update("MERGE INTO service_port (app, service, port) KEY (app, service) VALUES (?, ?, ?)", app, service, port);
  }

  public void deleteServicePort(String app, String service) throws StateException {
    update("DELETE FROM service_port WHERE app = ? AND service = ?", app, service);
  }

  public void saveReplica(ReplicaRow replica) throws StateException {
    update("MERGE INTO replica (id, app, service, slot, runtime, pid, start_time, port, log_file, state, restarts, started_at,"
            + " version) KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        replica.id(), replica.app(), replica.service(), replica.slot(), replica.runtime(), replica.pid(),
        replica.startTime(), replica.port(), replica.logFile(), replica.state(), replica.restarts(),
        Timestamp.from(replica.startedAt()), replica.version());
  }

  public List<ReplicaRow> replicas() throws StateException {
    return query("SELECT id, app, service, slot, runtime, pid, start_time, port, log_file, state, restarts, started_at,"
            + " version FROM replica ORDER BY app, service, slot",
        rows -> new ReplicaRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4), rows.getString(5),
            rows.getLong(6), rows.getLong(7), rows.getInt(8), rows.getString(9), rows.getString(10), rows.getInt(11),
            rows.getTimestamp(12).toInstant(), rows.getString(13)));
  }

  public void deleteReplica(String id) throws StateException {
    update("DELETE FROM replica WHERE id = ?", id);
  }

  /** The stored proxy process number {@code id} (from 1). */
  public Optional<ProxyRow> proxy(int id) throws StateException {
    return query("SELECT pid, start_time, admin_port, config_version FROM proxy WHERE id = " + id,
        rows -> new ProxyRow(rows.getLong(1), rows.getLong(2), rows.getInt(3), rows.getLong(4))).stream().findFirst();
  }

  public void saveProxy(int id, ProxyRow proxy) throws StateException {
    update("MERGE INTO proxy (id, pid, start_time, admin_port, config_version) KEY (id) VALUES (?, ?, ?, ?, ?)",
        id, proxy.pid(), proxy.startTime(), proxy.adminPort(), proxy.configVersion());
  }

  @Override
  public void close() throws StateException {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StateException("cannot close the state database: " + e.getMessage(), e);
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private interface RowMapper<T> {
    T map(ResultSet rows) throws SQLException;
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper) throws StateException {
    try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rows.next()) {
        result.add(mapper.map(rows));
      }
      return result;
    } catch (SQLException e) {
      throw new StateException("state query failed: " + e.getMessage(), e);
    }
  }

  private void update(String sql, Object... values) throws StateException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StateException("state update failed: " + e.getMessage(), e);
    }
  }
}
