{{/*
Helpers shared by every template. Kubernetes names are limited to 63 characters (DNS labels), so every
name built here is truncated to 63 and stripped of a trailing dash.
*/}}

{{/*
The chart name, or nameOverride. Used in the app.kubernetes.io/name label.
*/}}
{{- define "phylax.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release-qualified base name: fullnameOverride, or "<release>-<chart>" unless the release name already
contains the chart name. Every object name starts with it.
*/}}
{{- define "phylax.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
"<chart>-<version>" for the helm.sh/chart label (a label value, so "+" is not allowed).
*/}}
{{- define "phylax.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The services this chart deploys, as YAML: values key → component name. One place, so every template
iterates the same four in the same order. Usage: range $key, $component := include "phylax.services" . | fromYaml
*/}}
{{- define "phylax.services" -}}
phiVault: phi-vault
audit: audit
notification: notification
reporting: reporting
{{- end -}}

{{/*
The name of one service's objects: "<fullname>-<component>". The fullname is cut so that the component
survives (names of different services never collide) and a suffix of up to 8 characters ("-config",
"-tls") still fits in 63.
Usage: include "phylax.componentName" (dict "root" $ "component" "phi-vault")
*/}}
{{- define "phylax.componentName" -}}
{{- $room := sub 54 (len .component) | int -}}
{{- printf "%s-%s" (include "phylax.fullname" .root | trunc $room | trimSuffix "-") .component -}}
{{- end -}}

{{/*
A release-wide name with a suffix ("-default-deny", "-dashboard"): the fullname cut so that the suffix fits in 63.
Usage: include "phylax.suffixedName" (dict "root" $ "suffix" "dashboard")
*/}}
{{- define "phylax.suffixedName" -}}
{{- $room := sub 62 (len .suffix) | int -}}
{{- printf "%s-%s" (include "phylax.fullname" .root | trunc $room | trimSuffix "-") .suffix -}}
{{- end -}}

{{/*
Labels every object carries (Kubernetes recommended labels plus commonLabels).
*/}}
{{- define "phylax.labels" -}}
helm.sh/chart: {{ include "phylax.chart" . }}
app.kubernetes.io/name: {{ include "phylax.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: phylax
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Labels of one service's objects: the common labels plus the component.
Usage: include "phylax.componentLabels" (dict "root" $ "component" "audit")
*/}}
{{- define "phylax.componentLabels" -}}
{{ include "phylax.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
The immutable selector of one service's pods (also what NetworkPolicies select on).
*/}}
{{- define "phylax.selectorLabels" -}}
app.kubernetes.io/name: {{ include "phylax.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
One service's image reference. A digest wins over a tag; the tag defaults to image.tag, then appVersion.
"latest" and an empty reference are refused at render time: every image is pinned.
Usage: include "phylax.image" (dict "root" $ "svc" $values)
*/}}
{{- define "phylax.image" -}}
{{- $global := .root.Values.image -}}
{{- $img := .svc.image -}}
{{- $registry := default $global.registry $img.registry -}}
{{- if .root.Values.global.imageRegistry }}{{ $registry = .root.Values.global.imageRegistry }}{{ end -}}
{{- $repository := required "image.repository is required for every service" $img.repository -}}
{{- $digest := default $global.digest $img.digest -}}
{{- $tag := default (default .root.Chart.AppVersion $global.tag) $img.tag | toString -}}
{{- if $digest -}}
{{- printf "%s/%s@%s" $registry $repository $digest -}}
{{- else -}}
{{- if eq $tag "latest" }}{{ fail (printf "%s: the image tag 'latest' is not allowed; pin a version or a digest" $repository) }}{{ end -}}
{{- printf "%s/%s:%s" $registry $repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
The name of the Secret holding one service's internal mTLS key and trust stores: its existingSecret, or
the Secret its cert-manager Certificate writes. Fails when neither source is configured.
*/}}
{{- define "phylax.tlsSecret" -}}
{{- if .svc.tls.existingSecret -}}
{{- .svc.tls.existingSecret -}}
{{- else if .root.Values.tls.certManager.enabled -}}
{{- printf "%s-tls" (include "phylax.componentName" (dict "root" .root "component" .component)) -}}
{{- else -}}
{{- fail (printf "%s needs internal mTLS material: enable tls.certManager or set its tls.existingSecret" .component) -}}
{{- end -}}
{{- end -}}

{{/*
The name of the Strimzi KafkaUser of one service (its Kafka principal is CN=<this name>), which is also
the name of the Secret the User Operator writes its client certificate into.
*/}}
{{- define "phylax.kafkaUserName" -}}
{{- include "phylax.componentName" (dict "root" .root "component" .component) -}}
{{- end -}}

{{/*
The name of the Secret with one service's Kafka client keystore: its kafka.existingSecret, else the
Secret of its Strimzi KafkaUser.
*/}}
{{- define "phylax.kafkaSecret" -}}
{{- if .svc.kafka.existingSecret -}}
{{- .svc.kafka.existingSecret -}}
{{- else if .root.Values.kafka.users.create -}}
{{- include "phylax.kafkaUserName" . -}}
{{- else -}}
{{- fail (printf "%s needs a Kafka client certificate: enable kafka.users.create or set its kafka.existingSecret" .component) -}}
{{- end -}}
{{- end -}}

{{/*
Whether one service uses the vault's internal mTLS port: the vault serves it, notification calls it.
*/}}
{{- define "phylax.usesInternalTls" -}}
{{- if or (eq .component "phi-vault") (eq .component "notification") -}}true{{- end -}}
{{- end -}}

{{/*
One NetworkPolicy egress rule: to the given peers on the given TCP ports. Renders nothing when there are no
peers, because a rule without "to" would allow every destination: a missing peer list fails closed.
Usage: include "phylax.egressRule" (dict "peers" $peers "ports" (list 5432))
*/}}
{{- define "phylax.egressRule" -}}
{{- if .peers -}}
- to:
    {{- toYaml .peers | nindent 4 }}
  ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end }}
{{- end -}}

{{/*
One NetworkPolicy ingress rule: from the given peers on the given ports (names or numbers). Renders nothing
without peers, for the same reason as phylax.egressRule.
*/}}
{{- define "phylax.ingressRule" -}}
{{- if .peers -}}
- from:
    {{- toYaml .peers | nindent 4 }}
  ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end }}
{{- end -}}
