/** Judgements that deploy strategies make from traffic figures: the canary's against the stable set's. Pure. */
package io.splice.control.deploy;
