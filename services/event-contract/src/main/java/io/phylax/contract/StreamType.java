package io.phylax.contract;

/** The kind of event stream a reference event belongs to: a subject's own stream or one of its records. */
public enum StreamType {
    /** The subject (patient) stream: demographics, identifiers, contact points, erasure. */
    SUBJECT,
    /** A clinical record stream attached to a subject (a FHIR resource of one of the record types). */
    RECORD
}
