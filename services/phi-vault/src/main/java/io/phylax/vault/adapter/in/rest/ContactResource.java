package io.phylax.vault.adapter.in.rest;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.phylax.contract.PurposeOfUse;
import io.phylax.trust.Caller;
import io.phylax.trust.security.ClientCertificate;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.ContactQueries;
import io.phylax.vault.application.port.in.RequestContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The internal contact endpoint for the notification service. Four things must hold: the request came
 * over TLS with a client certificate from the platform CA, the bearer token is bound to that very certificate
 * (checked before this class, in trust-boundary's CertificateBoundTokens: 401), it carries the one role this
 * endpoint needs, and the certificate's identity (CN) is the client the token was issued to. Anything
 * else is refused.
 */
@Path("/internal/v1/contacts")
@Tag(name = "Internal")
public class ContactResource {

    static final String CONTACT_ROLE = "phi.contact.read";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Inject
    ContactQueries contacts;

    @Inject
    JsonWebToken token;

    @GET
    @Path("{id}")
    @RolesAllowed(CONTACT_ROLE)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One subject's preferred contact channel (mTLS + service token)")
    public Uni<ContactQueries.Contact> contact(
            @PathParam("id") String id,
            @QueryParam("tenant") String tenant,
            @QueryParam("correlationId") String correlationId,
            @Context HttpServerRequest request) {
        String client = token.<String>claim("azp").orElse("");
        String certificateIdentity = clientCertificateName(request)
                .orElseThrow(() -> new AccessDeniedException("a client certificate over TLS is required"));
        if (!certificateIdentity.equals(client)) {
            throw new AccessDeniedException("the certificate and the token belong to different clients");
        }
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new InvalidRequestException("tenant", "required: the tenant of the event being acted on");
        }
        UUID subjectId = RequestParts.id(id, "id");
        Caller caller = new Caller(tenant, token.getIssuer(), token.getSubject(), client, Set.of(CONTACT_ROLE));
        String correlation = correlationId == null ? UUID.randomUUID().toString() : correlationId;
        RequestContext context = new RequestContext(caller, correlation, PurposeOfUse.HOPERAT);
        return contacts.contactOf(new ContactQueries.FetchContactQuery(context, subjectId));
    }

    /** The CN of the verified client certificate, if the request came over TLS with one. */
    static Optional<String> clientCertificateName(HttpServerRequest request) {
        Optional<X509Certificate> leaf = ClientCertificate.of(request);
        if (leaf.isEmpty()) {
            return Optional.empty();
        }
        try {
            for (Rdn rdn : new LdapName(leaf.get().getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
