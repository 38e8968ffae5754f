package io.voicerouter.spi;

/** Where a provider runs: in this process, or behind a paid network service. */
public enum ProviderKind {
    LOCAL, CLOUD
}
