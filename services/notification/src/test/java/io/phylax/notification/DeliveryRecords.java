package io.phylax.notification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import io.phylax.testkit.Databases;

/** Reads delivery records straight from the service's database, as its own runtime role. */
public final class DeliveryRecords {

    /** One row of the delivery table. */
    public record Delivery(String status, String channel, int attempts, String lastError) {}

    private DeliveryRecords() {}

    public static Optional<Delivery> find(UUID eventId) {
        try (Connection db = Databases.connect("notification");
                PreparedStatement query = db.prepareStatement(
                        "SELECT status, channel, attempts, last_error FROM delivery WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new Delivery(
                                row.getString("status"),
                                row.getString("channel"),
                                row.getInt("attempts"),
                                row.getString("last_error")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the delivery table", e);
        }
    }
}
