package io.regiohub.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

/** The regex-free bearer token check judges every header as Spring Security's converter does. */
class BearerTokensTest {

    private final ServerAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();

    @Test
    void everyHeaderIsJudgedAsSpringSecurityJudgesIt() {
        List<String> headers = new ArrayList<>(List.of("Bearer abc", "bearer abc", "BEARER abc", "BeArEr a.b-c_d~e+f/g",
                "Bearer abc==", "Bearer abc=", "Bearer =", "Bearer a=b", "Bearer ", "Bearer", "Bearer  abc",
                "Bearer abc ", "Bearer\tabc", "Bearerabc", "Bearer abc\u00e4", "Bearer a,b", "Bearer a b",
                "Basic dXNlcjpwYXNz", "Token abc", "", " Bearer abc", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
        for (int c = 0; c < 0x180; c++) {
            headers.add("Bearer a" + (char) c + "b");
            headers.add("Bearer ab" + (char) c);
            headers.add("Bearer" + (char) c + "ab");
        }
        for (String header : headers) {
            assertThat(ours(header)).as("'%s'", header).isEqualTo(judge(spring, header));
        }
        assertThat(ours(null)).isEqualTo(judge(spring, null)).isEqualTo("anonymous");
    }

    /** The gateway's judgement, in the same words as {@link #judge}. */
    private static String ours(String header) {
        if (!BearerTokens.isBearer(header)) {
            return "anonymous";
        }
        String token = BearerTokens.token(header);
        return token == null ? "malformed" : token;
    }

    /** The token, "anonymous" when the converter finds none, or "malformed" when it refuses the header. */
    private static String judge(ServerAuthenticationConverter converter, String header) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/funding/programs");
        if (header != null) {
            request.header("Authorization", header);
        }
        try {
            Authentication auth = converter.convert(MockServerWebExchange.from(request)).block();
            return auth == null ? "anonymous" : ((BearerTokenAuthenticationToken) auth).getToken();
        } catch (RuntimeException e) {
            return "malformed";
        }
    }
}
