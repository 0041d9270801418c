package io.regiohub.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/** The regex-free header checks accept exactly what Spring Security's default patterns accept. */
class HeaderCharactersTest {

    @Test
    void everyCodePointIsJudgedAsTheDefaultPatternsJudgeIt() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue; // a lone surrogate is no string of its own
            }
            String s = "a" + Character.toString(cp) + "b";
            assertThat(HeaderCharacters.validName(s)).as("name U+%04X", cp)
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(s));
            assertThat(HeaderCharacters.validValue(s)).as("value U+%04X", cp)
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(s));
        }
        assertThat(HeaderCharacters.validValue("")).isTrue();
        assertThat(HeaderCharacters.validValue(null))
                .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null));
        assertThat(HeaderCharacters.validValue("Bearer eyJ.abc-_")).isTrue();
    }
}
