package io.phylax.vault.domain.access;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import io.phylax.vault.domain.RecordType;

/**
 * Minimum necessary, per role: which view of a patient and of each record type a role gets, and what it
 * may change. A caller with several roles gets the widest view any of them grants. Unknown roles grant
 * nothing (fail closed).
 */
public final class AccessPolicy {

    public static final String CLINICIAN = "clinician";
    public static final String SCHEDULER = "scheduler";
    public static final String BILLING = "billing";
    public static final String SUPPORT = "support";
    public static final String AUDITOR = "auditor";
    public static final String TENANT_ADMIN = "tenant-admin";

    /** Top-level Patient elements each partial view keeps (besides resourceType, id and meta). */
    public static final Set<String> SCHEDULING_PATIENT_ELEMENTS =
            Set.of("active", "name", "telecom", "gender", "birthDate", "address", "contact", "communication");

    public static final Set<String> BILLING_PATIENT_ELEMENTS =
            Set.of("active", "identifier", "name", "gender", "birthDate", "address", "maritalStatus");

    private AccessPolicy() {}

    public static View patientView(Collection<String> roles) {
        View view = View.NONE;
        for (String role : roles) {
            view = view.widest(
                    switch (role) {
                        case CLINICIAN -> View.FULL;
                        case SCHEDULER -> View.SCHEDULING;
                        case BILLING -> View.BILLING;
                        case SUPPORT -> View.MASKED;
                        default -> View.NONE;
                    });
        }
        return view;
    }

    public static View recordView(Collection<String> roles, RecordType type) {
        View view = View.NONE;
        for (String role : roles) {
            view = view.widest(
                    switch (role) {
                        case CLINICIAN -> View.FULL;
                        case SCHEDULER -> type == RecordType.APPOINTMENT ? View.FULL : View.NONE;
                        case SUPPORT -> View.MASKED;
                        default -> View.NONE;
                    });
        }
        return view;
    }

    /** The view within which a caller may write a Patient: FULL, SCHEDULING, or NONE (may not write). */
    public static View patientWriteView(Collection<String> roles) {
        if (roles.contains(CLINICIAN)) {
            return View.FULL;
        }
        return roles.contains(SCHEDULER) ? View.SCHEDULING : View.NONE;
    }

    public static boolean mayWriteRecord(Collection<String> roles, RecordType type) {
        return roles.contains(CLINICIAN) || (roles.contains(SCHEDULER) && type == RecordType.APPOINTMENT);
    }

    /**
     * The roles that count for reading a subject in a clinician's scope: on the care team or under break-glass,
     * all of them; outside it, the clinician role grants nothing (other roles keep their tenant-wide views).
     */
    public static Set<String> readRoles(Collection<String> roles, Scope scope) {
        return scope == Scope.OUTSIDE ? without(roles, CLINICIAN) : Set.copyOf(roles);
    }

    /** The roles that count for writing to a subject: break-glass is read-only, so only the care team writes. */
    public static Set<String> writeRoles(Collection<String> roles, Scope scope) {
        return scope == Scope.CARE_TEAM ? Set.copyOf(roles) : without(roles, CLINICIAN);
    }

    /** Whether a clinician's access depends on the care team (other roles are tenant-wide). */
    public static boolean scopedByCareTeam(Collection<String> roles) {
        return roles.contains(CLINICIAN);
    }

    /** Break-glass is a clinician's emergency elevation only: no other role may ask for it. */
    public static boolean mayBreakGlass(Collection<String> roles) {
        return roles.contains(CLINICIAN);
    }

    /** Who may add clinicians to a care team or remove them: tenant-admins and schedulers. */
    public static boolean mayManageCareTeam(Collection<String> roles) {
        return roles.contains(TENANT_ADMIN) || roles.contains(SCHEDULER);
    }

    /** Who may ask for a bulk export of the tenant (ADR 18): clinicians and tenant-admins. */
    public static boolean mayRequestExport(Collection<String> roles) {
        return roles.contains(CLINICIAN) || roles.contains(TENANT_ADMIN);
    }

    /** Who may approve or refuse someone else's export: tenant-admins. */
    public static boolean mayDecideExport(Collection<String> roles) {
        return roles.contains(TENANT_ADMIN);
    }

    private static Set<String> without(Collection<String> roles, String role) {
        Set<String> rest = new HashSet<>(roles);
        rest.remove(role);
        return Set.copyOf(rest);
    }

    /** Stream history (versions, who, when) is metadata: every staff role of the tenant may see it. */
    public static boolean mayViewHistory(Collection<String> roles) {
        return roles.stream()
                .anyMatch(r -> Set.of(CLINICIAN, SCHEDULER, BILLING, SUPPORT, AUDITOR, TENANT_ADMIN)
                        .contains(r));
    }

    /**
     * Whether a view may search by a Patient element ({@code identifier} or {@code telecom}): only a view
     * that shows the element, so a search cannot reveal what a read would withhold.
     */
    public static boolean maySearchBy(View view, String element) {
        return view == View.FULL || patientElements(view).contains(element);
    }

    /** Whether a view shows resource content at all (as opposed to metadata only or nothing). */
    public static boolean showsContent(View view) {
        return view != View.MASKED && view != View.NONE;
    }

    /** The top-level Patient elements a partial view keeps (besides resourceType, id and meta). */
    public static Set<String> patientElements(View view) {
        return switch (view) {
            case SCHEDULING -> SCHEDULING_PATIENT_ELEMENTS;
            case BILLING -> BILLING_PATIENT_ELEMENTS;
            case SCHEDULING_AND_BILLING -> {
                Set<String> both = new java.util.HashSet<>(SCHEDULING_PATIENT_ELEMENTS);
                both.addAll(BILLING_PATIENT_ELEMENTS);
                yield Set.copyOf(both);
            }
            default -> Set.of();
        };
    }
}
