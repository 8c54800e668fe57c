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

test: jdk ## Unit and integration tests against the local stack and services (started and stopped if not running)
	@MVN_ARGS="$(MVN_ARGS)" deploy/local/bin/run-tests

unit-test: jdk ## Unit tests only; needs nothing running
	$(MVNW) -DskipITs verify

lint: jdk ## Check formatting (palantir-java-format through Spotless); `make test` checks it too
	$(MVNW) -pl '!platform-bom' com.diffplug.spotless:spotless-maven-plugin:check

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
