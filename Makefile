# Phylax — `make help` lists every target with one line each.
#
# Everything runs on this machine without containers: the local stack (PostgreSQL, Kafka, Keycloak,
# GreenMail) is started from packages by deploy/local/bin/stack, the services as plain JVM processes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

## Overridable settings
# Where the local stack keeps all of its state (data, logs, keys, local secrets, downloaded parts).
PHYLAX_STATE_DIR ?= $(CURDIR)/.state
# Extra arguments for Maven, e.g. MVN_ARGS="-pl services/phi-vault -am".
MVN_ARGS ?=
# The seeded user or client `make token` asks a token for.
WHO ?= clinic-a-clinician

export PHYLAX_STATE_DIR
STACK := deploy/local/bin/stack
# A JDK 21+ (JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm); find-jdk says what it looked at.
FIND_JDK := deploy/local/bin/find-jdk
MVNW = JAVA_HOME="$$($(FIND_JDK))" ./mvnw -B -Dphylax.state.dir="$(PHYLAX_STATE_DIR)" $(MVN_ARGS)

.PHONY: help jdk build run test unit-test lint format down env token status logs verify-proof clean
.PHONY: helm-lint sast sbom secret-scan

# The deployable services: the security gates (SpotBugs + FindSecBugs, CycloneDX) run on these (ADR 0051).
SERVICES := services/phi-vault,services/audit,services/notification,services/reporting
# Maven without tests and without the Quarkus application build: for the gates, which need classes only.
MVNW_GATES = $(MVNW) -DskipTests -DskipITs -Dquarkus.build.skip=true

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

jdk: ## Check that a JDK 21 or newer is available, and print its home
	@$(FIND_JDK)

build: jdk ## Compile and package every module (no tests)
	$(MVNW) -DskipTests package

run: build ## Build, start the local stack and the four services, print where everything is
	@$(STACK) up
	@$(STACK) services
	@$(STACK) banner

test: jdk secret-scan ## Unit and integration tests against the local stack and services (started and stopped if not running)
	@helm/bin/test-alert-rules
	@MVN_ARGS="$(MVN_ARGS)" deploy/local/bin/run-tests

unit-test: jdk ## Unit tests only; needs nothing running
	$(MVNW) -DskipITs verify

lint: jdk secret-scan ## Check formatting (palantir-java-format through Spotless) and scan for secrets; `make test` does both
	$(MVNW) -pl '!platform-bom' com.diffplug.spotless:spotless-maven-plugin:check

helm-lint: jdk ## Unit-test the alert rules (promtool), lint and render the chart through Helm's library and check it against the policy
	@helm/bin/test-alert-rules
	$(MVNW) -q -pl helm/chart-tests -am test

sast: jdk ## SpotBugs + FindSecBugs on the services; fails on high-priority findings (report: services/*/target/spotbugsXml.xml)
	$(MVNW_GATES) -Dphylax.sbom.skip=true -pl $(SERVICES) -am verify

sbom: jdk ## A CycloneDX SBOM per service: services/*/target/<artifact>-<version>-cyclonedx.json
	$(MVNW_GATES) -Dphylax.sast.skip=true -pl $(SERVICES) -am package
	@ls -1 services/*/target/*-cyclonedx.json

secret-scan: ## Scan the tree for secrets with secretlint (self-tested on a planted secret first; .state/ and target/ skipped)
	@tools/secretlint/scan

format: jdk ## Format the Java sources in place
	$(MVNW) -pl '!platform-bom' com.diffplug.spotless:spotless-maven-plugin:apply

down: ## Stop the services and the local stack; leaves no process behind
	@$(STACK) down

env: ## Print export lines for the running stack (URLs, CA, databases)
	@$(STACK) env

token: ## Print a fresh access token: make token WHO=clinic-a-clinician (or a client such as clinic-a-integration)
	@$(STACK) token "$(WHO)"

status: ## Show which parts of the stack and which services are running
	@$(STACK) status

logs: ## Show where the logs are and the last lines of each
	@$(STACK) logs

verify-proof: jdk ## Check an audit proof offline: make verify-proof HEAD=tree-head.json PROOF=proof.json KEY=key.pem [OLD=old-head.json]
	@test -d services/audit/target/classes || $(MVNW) -q -pl services/audit -am -DskipTests compile
	@"$$($(FIND_JDK))/bin/java" -cp services/audit/target/classes io.phylax.audit.verify.ProofVerifier "$(HEAD)" "$(PROOF)" "$(KEY)" $(OLD)

clean: down ## Stop everything and delete the local state (databases, keys, secrets, logs; parts stay cached in ~/.m2)
	rm -rf "$(PHYLAX_STATE_DIR)"
	$(MVNW) -q clean

# Key administration calls the vault's operator API (role vault-operator) with the phylax-operator client.
VAULT_URL ?= http://127.0.0.1:18081
TENANT ?=

.PHONY: rotate-key rewrap
rotate-key: ## Rotate a tenant's key-encryption key in the vault: make rotate-key TENANT=clinic-a
	@test -n "$(TENANT)" || { echo "usage: make rotate-key TENANT=<tenant>"; exit 2; }
	@curl -fsS -X POST -H "Authorization: Bearer $$($(STACK) token phylax-operator)" \
	  "$(VAULT_URL)/api/v1/admin/keys/$(TENANT)/rotate"; echo

rewrap: ## Start or resume rewrapping a tenant's data keys to its newest KEK version: make rewrap TENANT=clinic-a
	@test -n "$(TENANT)" || { echo "usage: make rewrap TENANT=<tenant>"; exit 2; }
	@curl -fsS -X POST -H "Authorization: Bearer $$($(STACK) token phylax-operator)" \
	  "$(VAULT_URL)/api/v1/admin/keys/$(TENANT)/rewrap"; echo

.PHONY: close-tenant closure-report
close-tenant: ## IRREVERSIBLE: erase every subject of a tenant and destroy its keys: make close-tenant TENANT=x CONFIRM=x
	@test -n "$(TENANT)" || { echo "usage: make close-tenant TENANT=<tenant> CONFIRM=<tenant>"; exit 2; }
	@test "$(CONFIRM)" = "$(TENANT)" || { echo "closing $(TENANT) erases all its data: repeat the tenant as CONFIRM=$(TENANT)"; exit 2; }
	@curl -fsS -X POST -H "Authorization: Bearer $$($(STACK) token phylax-operator)" \
	  "$(VAULT_URL)/api/v1/admin/tenants/$(TENANT)/closure"; echo

closure-report: ## A tenant closure's progress and final report: make closure-report TENANT=x
	@test -n "$(TENANT)" || { echo "usage: make closure-report TENANT=<tenant>"; exit 2; }
	@curl -fsS -H "Authorization: Bearer $$($(STACK) token phylax-operator)" \
	  "$(VAULT_URL)/api/v1/admin/tenants/$(TENANT)/closure"; echo

# Backups (ADR 0070): age-encrypted, checksummed pg_dump of every service's database; the vault's key tables
# in a file of their own (shorter retention, ADR 0013). The drill itself runs in `make test` (BackupDrillIT).
BACKUP ?=
SUFFIX ?= _restored
KEYS ?=

.PHONY: backup restore restore-drop
backup: ## Back up every service's database, encrypted and checksummed, into .state/backups/<time>/
	@$(STACK) backup

restore: ## Verify a backup set and restore it into fresh databases: make restore BACKUP=dir [SUFFIX=_restored] [KEYS=dir]
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup set directory> [SUFFIX=_restored] [KEYS=<key backup set>]"; exit 2; }
	@$(STACK) restore "$(BACKUP)" "$(SUFFIX)" "$(KEYS)"

restore-drop: ## Drop the databases of an earlier restore: make restore-drop SUFFIX=_restored
	@$(STACK) restore-drop "$(SUFFIX)"

# Images (ADR 0071): Jib, no Docker daemon; the base image is built from local packages unless
# IMAGE_BASE names a pinned registry image (e.g. IMAGE_BASE=registry.example.org/base/jre@sha256:...).
IMAGE_BASE ?=
IMAGE_SERVICES := phi-vault audit notification reporting

.PHONY: images image-check
images: build ## Build an OCI image per service with Jib into services/<svc>/target/image/ (no daemon needed)
	@if [ -z "$(IMAGE_BASE)" ]; then deploy/images/build-base-image >/dev/null; fi
	$(MVNW) -q $(if $(IMAGE_BASE),-Dphylax.image.base=$(IMAGE_BASE)) com.google.cloud.tools:jib-maven-plugin:buildTar \
	  -pl $(SERVICES)
	@for s in $(IMAGE_SERVICES); do echo "  $$s: services/$$s/target/image/$$s-image.tar $$(cat services/$$s/target/image/$$s-image.digest)"; done

image-check: ## Check every image (non-root, no shell, no keys or local secrets) and boot one from its own filesystem
	@for s in $(IMAGE_SERVICES); do deploy/images/check-image $$s; done
	@deploy/images/check-image reporting --run

# The PHI canary sweep (ADR 0080), against the running stack and services (`make run` first). Spans are swept when
# the services export to the OTLP sink (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:14318);
# CANARY_REQUIRE_SPANS=true makes a run without them fail instead of saying "NOT COVERED".
CANARY_REQUIRE_SPANS ?= false

.PHONY: canary
canary: jdk ## The PHI canary sweep: drive every feature with canary PHI, then fail on any canary in logs, topics, databases, spans, metrics, mail, errors
	$(MVNW) -q verify -pl services/system-tests -am -Dit.test=PhiCanarySweepIT -Dtest=NeedlesTest \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
	  -Dphylax.canary.require-spans=$(CANARY_REQUIRE_SPANS)

# Benchmarks (issue 9, ADR 0090): the vault's write and read paths against pgbench on the same PostgreSQL (and a
# FHIR peer when PEER_URL is set), with a small Patient and with the clinic Patient (issue 15), a 5-minute soak of
# mixed creates and reads with the vault's heap and pool per interval (BENCH_SOAK_SECONDS=0 skips it), the same
# paths with encryption off (the vault restarted in the bench profile, then restarted normally;
# BENCH_ENCRYPTION_OFF=0 skips it), key-service calls, event latency, the cipher path (JMH) and footprint, all in
# one run; BENCH_PHASES picks some (services/bench/README.md). Needs the running stack (make run); about 35 minutes.
.PHONY: bench
bench: jdk ## Benchmarks against the running stack: figures, ratios, .state/bench/results-<time>.{json,md} and a PNG plot
	$(MVNW) -q -DskipTests -DskipITs -Dquarkus.build.skip=true -Dphylax.sast.skip=true -Dphylax.sbom.skip=true \
	  -pl services/bench -am package
	@deploy/bench/run

# The fault-injection suite (issue 9, ADR 0091): kills, freezes and stops parts of the RUNNING stack (Kafka, the
# audit and notification services, PostgreSQL, Keycloak) under load, and leaves every part running and ready again.
# Never against a stack others are using. FAULTS_SHORT=true runs the short form (outages of 10 s instead of 30 s).
# A stack started with shifted ports (PHYLAX_PG_PORT=25432 ...) needs the same variables exported here.
FAULTS_SHORT ?= false

.PHONY: faults
faults: jdk ## Fault-injection suite against the running stack: broker, consumers, database, Keycloak (FAULTS_SHORT=true: short form)
	$(MVNW) -q verify -pl services/fault-suite -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dphylax.faults.skip=false -Dphylax.sast.skip=true -Dphylax.sbom.skip=true -Dphylax.faults.short=$(FAULTS_SHORT)
