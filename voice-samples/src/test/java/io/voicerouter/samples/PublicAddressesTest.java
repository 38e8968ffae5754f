package io.voicerouter.samples;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The private-address check against the IANA special-purpose registries. {@code ::a9fe:a9fe},
 * {@code 64:ff9b::a9fe:a9fe}, {@code 2002:a9fe:a9fe::} and {@code 192.0.0.192} used to pass as
 * public: each reaches (or names) 169.254.169.254 or another non-public host.
 */
class PublicAddressesTest {
    private static boolean isPublic(String literal) throws UnknownHostException {
        return SampleFetcher.isPublic(InetAddress.getByName(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // IPv4 special-purpose registry, first and last address of each block where it matters
            "0.0.0.0", "0.255.255.255", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.255.255",
            "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.1", "192.0.0.8", "192.0.0.170",
            "192.0.0.192", "192.0.0.255", "192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1",
            "192.168.1.1", "192.175.48.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9",
            "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            // IPv6 special-purpose registry
            "::", "::1", "::ffff:169.254.169.254", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "::a9fe:a9fe", "::7f00:1", "::8.8.8.8",                       // IPv4-compatible (deprecated)
            "::ffff:0:a9fe:a9fe",                                          // SIIT IPv4-translated
            "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b::10.0.0.1", // NAT64 to a non-public host
            "64:ff9b:1::a9fe:a9fe", "64:ff9b:1:ffff::1",                  // local-use NAT64
            "100::1", "100:0:0:1::1",                                      // discard-only, dummy prefix
            "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",             // Teredo
            "2001:1::1", "2001:2::1", "2001:3::1", "2001:4:112::1", "2001:10::1", "2001:20::1", "2001:1ff::1",
            "2001:db8::1", "2001:db8:ffff::1",                             // documentation
            "2002:a9fe:a9fe::", "2002:7f00:1::1", "2002:808:808::1",       // 6to4, any embedded address
            "2620:4f:8000::1", "3fff::1", "3fff:fff::1", "5f00::1",
            "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "ff0e::1",
            "4000::1", "::2"})
    void specialPurposeAddressesAreNotPublic(String literal) throws UnknownHostException {
        assertThat(isPublic(literal)).as(literal).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "93.184.216.34", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.1",
            "192.0.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.254",
            "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "2001:200::1", "2620:4f:8001::1",
            "64:ff9b::808:808", "::ffff:8.8.8.8"})
    void ordinaryHostsArePublic(String literal) throws UnknownHostException {
        assertThat(isPublic(literal)).as(literal).isTrue();
    }
}
