package io.voicerouter.samples;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether an address is an ordinary public Internet host, which is all a user-supplied sample URL
 * may reach unless the host allowed private networks. Everything in the IANA IPv4 and IPv6
 * Special-Purpose Address Registries is refused (loopback, private, shared, link-local,
 * documentation, benchmarking, protocol assignments, discard, ORCHID, AS112, reserved), and so are
 * multicast and broadcast. IPv6 is public only inside global unicast 2000::/3 outside those blocks;
 * the forms that carry an IPv4 address are judged by that address ({@code ::ffff:a.b.c.d} mapped,
 * {@code 64:ff9b::a.b.c.d} NAT64) or refused outright where the translation is local or the
 * mechanism deprecated ({@code ::a.b.c.d} compatible, {@code ::ffff:0:a.b.c.d} translated,
 * 64:ff9b:1::/48 local-use NAT64, 6to4 2002::/16, Teredo 2001::/32): a metadata service at
 * 169.254.169.254 must not be reachable as {@code ::a9fe:a9fe} or {@code 2002:a9fe:a9fe::}.
 */
final class PublicAddresses {
    /** IPv4 special-purpose blocks (IANA registry, 2024) plus multicast and the rest of 240/4. */
    private static final String[] IPV4_SPECIAL = {
            "0.0.0.0/8",          // "this network"
            "10.0.0.0/8",         // private
            "100.64.0.0/10",      // shared address space (carrier-grade NAT)
            "127.0.0.0/8",        // loopback
            "169.254.0.0/16",     // link-local (cloud metadata services)
            "172.16.0.0/12",      // private
            "192.0.0.0/24",       // IETF protocol assignments (DS-Lite, NAT64 discovery, 192.0.0.192...)
            "192.0.2.0/24",       // documentation TEST-NET-1
            "192.31.196.0/24",    // AS112-v4
            "192.52.193.0/24",    // AMT
            "192.88.99.0/24",     // deprecated 6to4 relay anycast
            "192.168.0.0/16",     // private
            "192.175.48.0/24",    // direct delegation AS112
            "198.18.0.0/15",      // benchmarking
            "198.51.100.0/24",    // documentation TEST-NET-2
            "203.0.113.0/24",     // documentation TEST-NET-3
            "224.0.0.0/4",        // multicast
            "240.0.0.0/4",        // reserved, and 255.255.255.255 limited broadcast
    };

    /** IPv6 special-purpose blocks inside 2000::/3 (everything outside it is refused anyway). */
    private static final String[] IPV6_SPECIAL_GLOBAL = {
            "2001::/23",          // IETF protocol assignments: Teredo, PCP/TURN anycast, benchmarking, AMT, AS112, ORCHID, DET
            "2001:db8::/32",      // documentation
            "2002::/16",          // 6to4 (deprecated; carries an IPv4 address)
            "2620:4f:8000::/48",  // direct delegation AS112
            "3fff::/20",          // documentation
    };

    private static final Block[] V4 = parse(IPV4_SPECIAL);
    private static final Block[] V6 = parse(IPV6_SPECIAL_GLOBAL);

    private PublicAddresses() {
    }

    static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return isPublicV4(b);
        }
        // IPv4-mapped ::ffff:a.b.c.d (the JDK usually hands these over as Inet4Address already).
        if (prefixIs(b, new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}, 96)) {
            return isPublicV4(last32(b));
        }
        // NAT64 well-known prefix 64:ff9b::/96: the gateway reaches the embedded address.
        if (prefixIs(b, new byte[]{0, 0x64, (byte) 0xFF, (byte) 0x9B, 0, 0, 0, 0, 0, 0, 0, 0}, 96)) {
            return isPublicV4(last32(b));
        }
        // Only global unicast 2000::/3 can be public: this refuses ::/96 (unspecified, loopback,
        // IPv4-compatible), ::ffff:0:0:0/96, 64:ff9b:1::/48, 100::/64, 5f00::/16, fc00::/7,
        // fe80::/10, fec0::/10 and ff00::/8, among the rest.
        if ((b[0] & 0xE0) != 0x20) {
            return false;
        }
        for (Block block : V6) {
            if (block.contains(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPublicV4(byte[] b) {
        for (Block block : V4) {
            if (block.contains(b)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] last32(byte[] b) {
        return new byte[]{b[12], b[13], b[14], b[15]};
    }

    private static boolean prefixIs(byte[] address, byte[] prefix, int bits) {
        return new Block(pad(prefix, address.length), bits).contains(address);
    }

    private static byte[] pad(byte[] prefix, int length) {
        byte[] out = new byte[length];
        System.arraycopy(prefix, 0, out, 0, Math.min(prefix.length, length));
        return out;
    }

    private static Block[] parse(String[] cidrs) {
        Block[] out = new Block[cidrs.length];
        for (int i = 0; i < cidrs.length; i++) {
            String[] parts = cidrs[i].split("/");
            try {
                // Literals only: no name lookup happens.
                InetAddress a = InetAddress.getByName(parts[0]);
                byte[] bytes = a instanceof Inet6Address || a instanceof Inet4Address ? a.getAddress() : null;
                out[i] = new Block(bytes, Integer.parseInt(parts[1]));
            } catch (UnknownHostException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        return out;
    }

    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }
}
