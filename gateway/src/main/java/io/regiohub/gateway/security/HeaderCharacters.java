package io.regiohub.gateway.security;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * The firewall's header checks without regular expressions: Spring Security's strict firewall
 * matches every header name and value of every request against a Unicode-class pattern, which the
 * gateway benchmark's profile showed among its larger costs. These predicates accept exactly the
 * same characters (assigned code points that are not control characters; a tab also in values),
 * as {@code HeaderCharactersTest} checks code point by code point.
 */
final class HeaderCharacters {

    private HeaderCharacters() {
    }

    static ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::validName);
        firewall.setAllowedHeaderValues(HeaderCharacters::validValue);
        return firewall;
    }

    /**
     * Why the firewall would reject a request with these headers (a name or a value with characters it
     * does not allow), or null: the check its request decorator makes header by header, made at once.
     */
    static String rejection(HttpHeaders headers) {
        for (Map.Entry<String, List<String>> header : headers.headerSet()) {
            if (!validName(header.getKey())) {
                return "The request was rejected because a header name has characters that are not allowed.";
            }
            for (String value : header.getValue()) {
                if (!validValue(value)) {
                    return "The request was rejected because the header \"" + header.getKey()
                            + "\" has a value that is not allowed.";
                }
            }
        }
        return null;
    }

    static boolean validName(String name) {
        return allowed(name, false);
    }

    static boolean validValue(String value) {
        return allowed(value, true);
    }

    private static boolean allowed(String s, boolean tab) {
        if (s == null) {
            return true; // an absent header, as the firewall asks for it
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp >= 0x20 && cp < 0x7f) { // the common case: printable ASCII
                i++;
                continue;
            }
            boolean ok = Character.isDefined(cp) && (!Character.isISOControl(cp) || (tab && cp == '\t'));
            if (!ok) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
