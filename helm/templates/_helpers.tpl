{{/*
Names and labels. Every helper reads only .Values and .Release, so an application chart that has
this chart as a dependency can call the sidecar templates with
(dict "Values" (index .Values "ams-gateway") "Release" .Release) and get the same names as the
ConfigMap this chart renders.
*/}}

{{- define "ams-gateway.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default "ams-gateway" .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ams-gateway.name" -}}
{{- default "ams-gateway" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ams-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ams-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ams-gateway.labels" -}}
{{ include "ams-gateway.selectorLabels" . }}
helm.sh/chart: {{ include "ams-gateway.chart" . }}
app.kubernetes.io/version: {{ include "ams-gateway.appVersion" . | quote }}
app.kubernetes.io/component: signing-gateway
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
The gateway's version, the image tag when image.tag is empty. A template included from an
application chart sees that chart's .Chart (or none), so the version is also written here, not only
in Chart.yaml's appVersion; the chart tests check that the two agree.
*/}}
{{- define "ams-gateway.defaultAppVersion" -}}
0.2.0
{{- end -}}

{{/* true when .Chart is this chart's own (not an application chart's that includes the templates). */}}
{{- define "ams-gateway.ownChart" -}}
{{- if .Chart -}}{{- if eq .Chart.Name "ams-gateway" -}}true{{- end -}}{{- end -}}
{{- end -}}

{{- define "ams-gateway.appVersion" -}}
{{- $v := "" -}}
{{- if include "ams-gateway.ownChart" . -}}{{- $v = .Chart.AppVersion -}}{{- end -}}
{{- default (include "ams-gateway.defaultAppVersion" .) $v -}}
{{- end -}}

{{/* name-version, for the helm.sh/chart label. */}}
{{- define "ams-gateway.chart" -}}
{{- if include "ams-gateway.ownChart" . -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "ams-gateway-%s" (include "ams-gateway.defaultAppVersion" .) | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ams-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ams-gateway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag; the tag defaults to the gateway's version, also when included from another chart. */}}
{{- define "ams-gateway.image" -}}
{{- printf "%s:%s" .Values.image.repository (default (include "ams-gateway.appVersion" .) .Values.image.tag) -}}
{{- end -}}

{{/* true when the gateway itself talks to Vault (vault-kv or vault-transit). */}}
{{- define "ams-gateway.vaultDirect" -}}
{{- if has .Values.keys.source (list "vault-kv" "vault-transit") -}}true{{- end -}}
{{- end -}}

{{/* true when the traffic port speaks TLS (standalone mode only). */}}
{{- define "ams-gateway.tls" -}}
{{- if and (eq .Values.mode "standalone") .Values.tls -}}{{- if .Values.tls.enabled -}}true{{- end -}}{{- end -}}
{{- end -}}

{{/* The Secret holding the listener's tls.crt, tls.key and ca.crt. */}}
{{- define "ams-gateway.tlsSecretName" -}}
{{- if .Values.certManager.enabled -}}
{{- printf "%s-tls" (include "ams-gateway.fullname" .) -}}
{{- else -}}
{{- required "tls.secretName is required in standalone mode with tls.enabled (a kubernetes.io/tls Secret with tls.crt, tls.key and ca.crt), unless certManager.enabled" .Values.tls.secretName -}}
{{- end -}}
{{- end -}}

{{/* true when the gateway listens on a Unix socket (sidecar mode only). */}}
{{- define "ams-gateway.unixSocket" -}}
{{- if and (eq .Values.mode "sidecar") .Values.unixSocket -}}{{- if .Values.unixSocket.enabled -}}true{{- end -}}{{- end -}}
{{- end -}}

{{- define "ams-gateway.unixSocketPath" -}}
{{- printf "%s/gateway.sock" .Values.unixSocket.directory -}}
{{- end -}}

{{- define "ams-gateway.tokensPath" -}}
/etc/ams-gateway/caller-tokens
{{- end -}}

{{/* Mode and key source checks, shared by every template that renders a pod. */}}
{{- define "ams-gateway.validate" -}}
{{- if not (has .Values.mode (list "standalone" "sidecar")) -}}
{{- fail (printf "mode must be standalone or sidecar, not %q" .Values.mode) -}}
{{- end -}}
{{- if not (has .Values.keys.source (list "secret" "vault-agent" "vault-kv" "vault-transit")) -}}
{{- fail (printf "keys.source must be secret, vault-agent, vault-kv or vault-transit, not %q" .Values.keys.source) -}}
{{- end -}}
{{- if and (include "ams-gateway.vaultDirect" .) (not .Values.vault.address) -}}
{{- fail (printf "vault.address is required with keys.source %s" .Values.keys.source) -}}
{{- end -}}
{{- if not .Values.profiles -}}
{{- fail "profiles: at least one profile is required" -}}
{{- end -}}
{{- if and (eq .Values.mode "standalone") (not .Values.callers.rules) -}}
{{- fail "callers.rules: standalone mode serves the network, so list who may call what (a gateway on 0.0.0.0 without caller rules refuses to start); e.g. callers.rules: [{caller: \"spiffe://cluster.local/ns/shop/sa/checkout\", profiles: [\"*\"], apis: [\"*\"]}]" -}}
{{- end -}}
{{- if include "ams-gateway.tls" . -}}
{{- $_ := include "ams-gateway.tlsSecretName" . -}}
{{- end -}}
{{- if and .Values.certManager.enabled (not .Values.certManager.issuerRef.name) -}}
{{- fail "certManager.issuerRef.name is required with certManager.enabled" -}}
{{- end -}}
{{- end -}}

{{/* Seconds between SIGTERM's preStop and SIGKILL: longer than preStop sleep plus the drain. */}}
{{- define "ams-gateway.terminationGracePeriodSeconds" -}}
{{- add .Values.shutdown.preStopSleepSeconds .Values.shutdown.drainTimeoutSeconds .Values.shutdown.graceMarginSeconds -}}
{{- end -}}

{{/* Labels a pod carrying the gateway gets, and the PodMonitor selects. */}}
{{- define "ams-gateway.podMonitorSelector" -}}
{{- if eq .Values.mode "sidecar" -}}
ams-gateway.io/sidecar: {{ include "ams-gateway.fullname" . }}
{{- else -}}
{{ include "ams-gateway.selectorLabels" . }}
{{- end -}}
{{- end -}}

{{/* Label matchers the alerts put on every selector. */}}
{{- define "ams-gateway.alertSelector" -}}
{{- default (printf "namespace=%q" .Release.Namespace) .Values.prometheusRule.selector -}}
{{- end -}}

{{/*
Replicas sharing a shared limit (gateway.shared-state.expected-replicas): sharedState.expectedReplicas,
else autoscaling.maxReplicas while autoscaling is on (the replicas' shares never add up to more than
the limit), else replicaCount; 1 in sidecar mode.
*/}}
{{- define "ams-gateway.expectedReplicas" -}}
{{- if gt (int .Values.sharedState.expectedReplicas) 0 -}}
{{ .Values.sharedState.expectedReplicas }}
{{- else if eq .Values.mode "sidecar" -}}
1
{{- else if .Values.autoscaling.enabled -}}
{{ .Values.autoscaling.maxReplicas }}
{{- else -}}
{{ .Values.replicaCount }}
{{- end -}}
{{- end -}}

