package io.splice.spec.load;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link SpecLoader} reads a Compose file.
 *
 * <pre>{@code
 * App app = SpecLoader.load(dir, LoadOptions.defaults().withProfiles(List.of("debug")));
 * }</pre>
 *
 * @param profiles the active Compose profiles: a service with {@code profiles} is loaded only when
 *     one of them is active ({@value #ALL_PROFILES} activates every profile); none by default
 * @param environment the variables {@code ${VAR}} is replaced with; they win over the {@code .env}
 *     file next to the Compose file. The process environment by default.
 */
public record LoadOptions(Set<String> profiles, Map<String, String> environment) {
  /** The profile name that activates every profile, as in Compose. */
  public static final String ALL_PROFILES = "*";

  public LoadOptions {
    profiles = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(profiles, "profiles")));
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(environment, "environment")));
  }

  /** No active profile, and the process environment. */
  public static LoadOptions defaults() {
    return new LoadOptions(Set.of(), System.getenv());
  }

  /** These options with {@code active} as the active profiles. */
  public LoadOptions withProfiles(Collection<String> active) {
    return new LoadOptions(new LinkedHashSet<>(active), environment);
  }

  /** These options with {@code variables} as the environment for interpolation. */
  public LoadOptions withEnvironment(Map<String, String> variables) {
    return new LoadOptions(profiles, variables);
  }

  /** Whether a service with these {@code serviceProfiles} is loaded: it has none, or one is active. */
  public boolean isActive(List<String> serviceProfiles) {
    return serviceProfiles.isEmpty() || profiles.contains(ALL_PROFILES)
        || serviceProfiles.stream().anyMatch(profiles::contains);
  }
}
