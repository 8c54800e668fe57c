/**
 * The notification service: turns the vault's reference events into PHI-free notices and keeps delivery
 * records only. See services/notification/README.md.
 */
package io.phylax.notification;
