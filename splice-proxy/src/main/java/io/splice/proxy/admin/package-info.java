/**
 * The proxy's admin contract, the only package the control plane imports: the configuration and
 * status records exchanged as JSON, and {@link io.splice.proxy.admin.ProxyAdminClient}. The records
 * are plain Java records (no Netty types), read and written with Jackson; unknown JSON fields are
 * ignored so that an older proxy accepts a newer control plane's push. Depends on nothing else in
 * the module.
 *
 * <p>The endpoints, served on loopback only:
 *
 * <pre>
 * GET /healthz   200 "ok"
 * GET /config    the config in force (version 0 and no services before the first push)
 * PUT /config    apply a config: 200 (the config), 400 invalid, 409 older version, 500 not applied
 * GET /status    {@link io.splice.proxy.admin.ProxyStatus}
 * GET /metrics   Prometheus text format
 * </pre>
 */
package io.splice.proxy.admin;
