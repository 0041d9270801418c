package io.regiohub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MunicipalityKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"06412000", "06611000", "06535", "09162000", "16077"})
    void acceptsOfficialKeys(String key) {
        assertThat(MunicipalityKey.of(key).value()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6412000", "064120000", "0641200X", "17000000", "00412000", " 06412000", "06412"})
    void rejectsWhatIsNotAKey(String key) {
        if (key.equals("06412")) {
            // a 5-digit key is a district key: valid format
            assertThat(MunicipalityKey.isValid(key)).isTrue();
            return;
        }
        assertThatThrownBy(() -> MunicipalityKey.of(key))
                .isInstanceOf(MunicipalityKey.InvalidMunicipalityKeyException.class)
                .hasMessageContaining("municipality key");
    }

    @Test
    void knowsItsDistrict() {
        assertThat(MunicipalityKey.of("06535012").districtKey()).isEqualTo("06535");
        assertThat(MunicipalityKey.of("06535").isDistrict()).isTrue();
        assertThat(MunicipalityKey.of("06412000").isDistrict()).isFalse();
    }
}
