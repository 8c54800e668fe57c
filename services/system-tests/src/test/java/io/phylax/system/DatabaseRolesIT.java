package io.phylax.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.testkit.DemoRealm;

/** Each service has a database and a role of its own, and no role reaches another service's database. */
class DatabaseRolesIT {

    @Test
    void eachServiceConnectsToItsOwnDatabaseAsItsOwnRole() throws SQLException {
        for (String service : DemoRealm.SERVICES) {
            try (Connection db = Databases.connect(service);
                    Statement st = db.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT current_user, current_database(), rolsuper FROM pg_roles WHERE rolname = current_user")) {
                assertThat(rs.next()).isTrue();
                String expected = service.replace('-', '_');
                assertThat(rs.getString(1)).isEqualTo(expected);
                assertThat(rs.getString(2)).isEqualTo(expected);
                assertThat(rs.getBoolean(3)).as("superuser").isFalse();
            }
        }
    }

    @Test
    void runtimeRoleDoesNotOwnItsDatabase() throws SQLException {
        for (String service : DemoRealm.SERVICES) {
            try (Connection db = Databases.connect(service);
                    Statement st = db.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database"
                            + " WHERE datname = current_database()")) {
                assertThat(rs.next()).isTrue();
                // Schema changes belong to the owner role that migrations use, not to the running service.
                assertThat(rs.getString(1)).isEqualTo(service.replace('-', '_') + "_owner");
            }
        }
    }

    @Test
    void serviceCannotConnectToAnotherServicesDatabase() {
        assertThatThrownBy(() -> Databases.connect("phi-vault", "reporting").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
    }
}
