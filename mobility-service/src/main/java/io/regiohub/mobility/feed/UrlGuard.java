package io.regiohub.mobility.feed;

import io.regiohub.mobility.MobilityProperties;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the service may fetch (server-side request forgery, OWASP API7): only {@code http}/{@code https}
 * URLs without credentials, to a host the operator allowed ({@code regiohub.mobility.fetch.allowed-hosts}:
 * {@code rmv.de} or {@code *.rmv.de}), which resolves to no internal address (loopback, private,
 * link-local such as the cloud metadata address, carrier-grade NAT, multicast, unique-local IPv6).
 * Checked when a feed is registered and again before every fetch, because names can be re-pointed;
 * redirects are not followed.
 */
@Component
public class UrlGuard {

    private final MobilityProperties.Fetch settings;

    public UrlGuard(MobilityProperties properties) {
        this.settings = properties.fetch();
    }

    /** Why {@code url} may not be fetched, or empty if it may. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials in the URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!allowedHost(host)) {
            return Optional.of("host " + host + " is not among the hosts the operator allowed");
        }
        if (settings.allowInternalAddresses()) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (internal(address)) {
                    return Optional.of("host " + host + " resolves to an internal address");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " cannot be resolved");
        }
        return Optional.empty();
    }

    private boolean allowedHost(String host) {
        for (String allowed : settings.allowedHosts()) {
            String a = allowed.strip().toLowerCase(Locale.ROOT);
            if (a.startsWith("*.") ? host.endsWith(a.substring(1)) : host.equals(a)) {
                return true;
            }
        }
        return false;
    }

    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }
}
