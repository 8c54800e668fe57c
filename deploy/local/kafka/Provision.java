// Creates the local stack's topics and ACLs through the Kafka Admin API, as the kafka-admin principal.
// Run by deploy/local/lib/kafka.sh with the broker's classpath: java -cp 'lib/*' Provision.java admin.properties
// Idempotent: existing topics are left alone and creating an existing ACL binding is a no-op.

import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

public class Provision {

    static final String EVENTS = "phi.events.v1";
    static final String ACCESS = "phi.access.v1";
    /** The outbox relay's position (ADR 0092): compacted, so only its last record is kept. */
    static final String RELAY_POSITION = "vault.outbox-position.v1";
    /** The transactional id every vault replica's outbox relay uses (one leader at a time). */
    static final String RELAY_TRANSACTIONAL_ID = "phi-vault-outbox-relay";

    /** Topic name → partitions. Keyed by subject id, so per-subject order holds within a partition. */
    static final Map<String, Integer> TOPICS = Map.of(
            EVENTS, 6,
            ACCESS, 6,
            "audit.dlq.v1", 1,
            "notification.dlq.v1", 1,
            "notification.outcomes.v1", 3,
            "reporting.dlq.v1", 1,
            RELAY_POSITION, 1);

    /** Topic settings other than the broker's defaults. */
    static final Map<String, Map<String, String>> TOPIC_CONFIGS =
            Map.of(RELAY_POSITION, Map.of("cleanup.policy", "compact", "segment.ms", "3600000"));

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (FileInputStream in = new FileInputStream(args[0])) {
            props.load(in);
        }
        try (Admin admin = Admin.create(props)) {
            createTopics(admin);
            admin.createAcls(acls()).all().get();
            System.out.println("provisioned " + TOPICS.size() + " topics and " + acls().size() + " ACL bindings");
        }
    }

    static void createTopics(Admin admin) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        TOPICS.forEach((name, partitions) -> {
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, partitions, (short) 1).configs(TOPIC_CONFIGS.getOrDefault(name, Map.of())));
            }
        });
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        // The vault alone writes its topics.
        for (String topic : List.of(EVENTS, ACCESS)) {
            allow(acls, "phi-vault", ResourceType.TOPIC, topic, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        // Its outbox relay publishes in transactions and keeps its position on a topic of its own (ADR 0092).
        allow(acls, "phi-vault", ResourceType.TOPIC, RELAY_POSITION, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        allow(acls, "phi-vault", ResourceType.TRANSACTIONAL_ID, RELAY_TRANSACTIONAL_ID, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        // Audit reads both topics; notification and reporting read only the reference events.
        consumer(acls, "audit", List.of(EVENTS, ACCESS), List.of("audit.dlq.v1"));
        consumer(acls, "notification", List.of(EVENTS), List.of("notification.dlq.v1", "notification.outcomes.v1"));
        consumer(acls, "reporting", List.of(EVENTS), List.of("reporting.dlq.v1"));
        return acls;
    }

    /** A consumer reads its topics with a group of its own name, and writes only its own output topics. */
    static void consumer(List<AclBinding> acls, String principal, List<String> reads, List<String> writes) {
        for (String topic : reads) {
            allow(acls, principal, ResourceType.TOPIC, topic, AclOperation.READ, AclOperation.DESCRIBE);
        }
        allow(acls, principal, ResourceType.GROUP, principal, AclOperation.READ, AclOperation.DESCRIBE);
        for (String topic : writes) {
            allow(acls, principal, ResourceType.TOPIC, topic, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
    }

    static void allow(List<AclBinding> acls, String principal, ResourceType type, String name, AclOperation... ops) {
        for (AclOperation op : ops) {
            acls.add(new AclBinding(
                    new ResourcePattern(type, name, PatternType.LITERAL),
                    new AccessControlEntry("User:CN=" + principal, "*", op, AclPermissionType.ALLOW)));
        }
    }
}
