package dev.duplex.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void hasSafeDefaults() {
        GatewayConfig config = GatewayConfig.load(name -> null);

        assertThat(config.plainHttpAllowed()).isFalse();
        assertThat(config.debug()).isFalse();
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.pingInterval()).isLessThan(Duration.ofSeconds(55));
        assertThat(config.maxMessageBytes()).isEqualTo(1 << 20);
        assertThat(config.corsOrigins()).isEmpty();
    }

    @Test
    void generatesAStrongTokenWhenNoneOrAnEmptyOneIsSet() {
        GatewayConfig unset = GatewayConfig.load(name -> null);
        GatewayConfig empty = GatewayConfig.load(Map.of("TOKEN", " ")::get);

        String generated = unset.takeGeneratedToken();

        assertThat(generated).hasSizeGreaterThanOrEqualTo(40);
        assertThat(unset.token().matches(generated)).isTrue();
        assertThat(unset.takeGeneratedToken()).as("handed out once").isNull();
        assertThat(empty.takeGeneratedToken()).isNotEqualTo(generated);
        assertThat(empty.token().matches("")).isFalse();
        assertThat(empty.token().matches(null)).isFalse();
    }

    @Test
    void usesAConfiguredTokenAndDoesNotShowIt() {
        GatewayConfig config = GatewayConfig.load(Map.of("TOKEN", "tok")::get);

        assertThat(config.takeGeneratedToken()).isNull();
        assertThat(config.token().matches("tok")).isTrue();
        assertThat(config.token().matches("tok ")).isFalse();
        assertThat(config.token().toString()).doesNotContain("tok");
    }

    @Test
    void readsFlagsNumbersAndListsAndRejectsNonsenseClearly() {
        GatewayConfig config = GatewayConfig.load(Map.of("NOTLS", "yes", "DEBUG", "1",
                "GRACE_SECONDS", "5", "CORS_ORIGINS", "https://a.example, https://b.example")::get);

        assertThat(config.plainHttpAllowed()).isTrue();
        assertThat(config.debug()).isTrue();
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.corsOrigins()).containsExactly("https://a.example", "https://b.example");

        assertThatThrownBy(() -> GatewayConfig.load(Map.of("NOTLS", "maybe")::get))
                .hasMessageContaining("NOTLS must be true or false");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("GRACE_SECONDS", "-1")::get))
                .hasMessageContaining("GRACE_SECONDS must be a whole number");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("PING_SECONDS", "0")::get))
                .hasMessageContaining("PING_SECONDS must be a whole number from 1");
    }
}
