package io.voicerouter.store.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {
    @Test
    void libpqUrlsBecomeJdbcUrlsWithTheCredentialsTakenOut() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://voice:p%40ss@db.internal:5433/voices?sslmode=require");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/voices?sslmode=require");
        assertThat(u.user()).contains("voice");
        assertThat(u.password()).contains("p@ss");
        assertThat(u.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
        assertThat(DatabaseUrl.parse("postgres://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(DatabaseUrl.parse("sqlite:/tmp/x.db").jdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
    }

    @Test
    void passwordsAreRedactedWhereverTheyAppear() {
        assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
        assertThat(DatabaseUrl.redact("postgresql://a:hunter2@h/db")).isEqualTo("postgresql://***@h/db");
    }

    @Test
    void otherSchemesAreRefusedWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2").hasMessageContaining("postgresql://");
    }
}
