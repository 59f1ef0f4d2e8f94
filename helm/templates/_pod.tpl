{{/*
The gateway's container, volumes and pod settings. The standalone Deployment and the example
application both render them; an application chart that depends on this chart includes them in its
own pod spec exactly as helm/README.md ("Sidecar in your own chart") shows, where $gw is
(dict "Values" (index .Values "ams-gateway") "Release" .Release):

  ams-gateway.sidecar.containers      the gateway container (nothing with sidecar.native)
  ams-gateway.sidecar.initContainers  the gateway as a native sidecar (only with sidecar.native)
  ams-gateway.sidecar.volumes         the volumes its mounts name
  ams-gateway.sidecar.podAnnotations  config checksum, scrape and Vault Agent annotations
  ams-gateway.sidecar.podSecurityContext  the fsGroup that lets it read its key Secret
  ams-gateway.serviceAccountName      the service account it logs in to Vault with
*/}}

{{- define "ams-gateway.sidecar.native" -}}
{{- if and (eq .Values.mode "sidecar") .Values.sidecar -}}{{- if .Values.sidecar.native -}}true{{- end -}}{{- end -}}
{{- end -}}

{{- define "ams-gateway.sidecar.containers" -}}
{{- include "ams-gateway.validate" . -}}
{{- if not (include "ams-gateway.sidecar.native" .) -}}
{{ include "ams-gateway.container" . }}
{{- end -}}
{{- end -}}

{{/*
The gateway as a native sidecar (Kubernetes 1.29+): an init container that keeps running. The
kubelet starts it, waits for its startup probe, then starts the application's containers; on
termination it stops it after them, so the application never calls a gateway that is not there.
*/}}
{{- define "ams-gateway.sidecar.initContainers" -}}
{{- include "ams-gateway.validate" . -}}
{{- if include "ams-gateway.sidecar.native" . -}}
{{ include "ams-gateway.container" . }}
  restartPolicy: Always
{{- end -}}
{{- end -}}

{{/*
Pod-level settings the gateway needs: the key Secret's files (mode 0440) belong to this group, the
group the gateway runs as.
*/}}
{{- define "ams-gateway.sidecar.podSecurityContext" -}}
fsGroup: 10001
{{- end -}}

{{- define "ams-gateway.container" -}}
- name: ams-gateway
  image: {{ include "ams-gateway.image" . | quote }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command:
    - java
    - -XX:MaxRAMPercentage={{ .Values.jvm.maxRamPercentage }}
    - -XX:InitialRAMPercentage={{ .Values.jvm.initialRamPercentage }}
    - -XX:+ExitOnOutOfMemoryError
{{- if .Values.jvm.nativeHeapTrimIntervalMs }}
    - -XX:TrimNativeHeapInterval={{ .Values.jvm.nativeHeapTrimIntervalMs }}
{{- end }}
{{- if .Values.jvm.classDataSharing }}
    - -XX:SharedArchiveFile=/app/ams-gateway.jsa
{{- end }}
{{- range .Values.jvm.extraOpts }}
    - {{ . | quote }}
{{- end }}
    - -jar
    - /app/ams-gateway.jar
  args:
    - run
    - --config
    - /etc/ams-gateway/gateway.conf
  env:
    - name: AMS_LOG_FORMAT
      value: {{ .Values.logFormat | quote }}
{{- with .Values.extraEnv }}
    {{- toYaml . | nindent 4 }}
{{- end }}
  ports:
{{- if eq .Values.mode "standalone" }}
    - name: http
      containerPort: {{ .Values.listener.port }}
      protocol: TCP
{{- end }}
    - name: admin
      containerPort: {{ .Values.admin.port }}
      protocol: TCP
  startupProbe:
    httpGet:
      path: /healthz
      port: admin
    periodSeconds: 2
    failureThreshold: 30
  livenessProbe:
    httpGet:
      path: /healthz
      port: admin
    periodSeconds: 10
    timeoutSeconds: 2
    failureThreshold: 3
  readinessProbe:
    httpGet:
      path: /readyz
      port: admin
    periodSeconds: 5
    timeoutSeconds: 2
    failureThreshold: 2
  lifecycle:
    preStop:
      exec:
        command: ["sleep", "{{ .Values.shutdown.preStopSleepSeconds }}"]
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    readOnlyRootFilesystem: true
    allowPrivilegeEscalation: false
    privileged: false
    capabilities:
      drop: ["ALL"]
    seccompProfile:
      type: RuntimeDefault
  resources:
    {{- toYaml .Values.resources | nindent 4 }}
  volumeMounts:
    - name: ams-gateway-config
      mountPath: /etc/ams-gateway/gateway.conf
      subPath: gateway.conf
      readOnly: true
    - name: ams-gateway-tmp
      mountPath: /tmp
{{- if include "ams-gateway.tls" . }}
    - name: ams-gateway-tls
      mountPath: {{ .Values.tls.mountPath }}
      readOnly: true
{{- end }}
{{- if .Values.callers.tokensSecret }}
    - name: ams-gateway-caller-tokens
      mountPath: {{ include "ams-gateway.tokensPath" . }}
      readOnly: true
{{- end }}
{{- if include "ams-gateway.unixSocket" . }}
    - name: ams-gateway-socket
      mountPath: {{ .Values.unixSocket.directory }}
{{- end }}
{{- if or (eq .Values.keys.source "secret") (eq .Values.keys.source "vault-transit") }}
{{- range $name, $p := .Values.profiles }}
    - name: {{ printf "ams-gateway-keys-%s" $name | trunc 63 | trimSuffix "-" }}
      mountPath: {{ printf "%s/%s" $.Values.keys.mountPath $name }}
      readOnly: true
{{- end }}
{{- end }}
{{- if eq .Values.sharedState.type "redis" }}
{{- if .Values.sharedState.redis.passwordSecret }}
    - name: ams-gateway-redis-password
      mountPath: {{ printf "%s/password" .Values.sharedState.redis.mountPath }}
      readOnly: true
{{- end }}
{{- if .Values.sharedState.redis.caSecret }}
    - name: ams-gateway-redis-ca
      mountPath: {{ printf "%s/ca" .Values.sharedState.redis.mountPath }}
      readOnly: true
{{- end }}
{{- end }}
{{- if include "ams-gateway.vaultDirect" . }}
    - name: ams-gateway-vault-token
      mountPath: {{ .Values.vault.tokenMountPath }}
      readOnly: true
{{- if .Values.vault.caConfigMap }}
    - name: ams-gateway-vault-ca
      mountPath: {{ .Values.vault.caMountPath }}
      readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{- define "ams-gateway.sidecar.volumes" -}}
- name: ams-gateway-config
  configMap:
    name: {{ include "ams-gateway.fullname" . }}
- name: ams-gateway-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if include "ams-gateway.tls" . }}
- name: ams-gateway-tls
  secret:
    secretName: {{ include "ams-gateway.tlsSecretName" . }}
    defaultMode: 0440
{{- end }}
{{- if .Values.callers.tokensSecret }}
- name: ams-gateway-caller-tokens
  secret:
    secretName: {{ .Values.callers.tokensSecret }}
    defaultMode: 0440
    items:
      - key: tokens
        path: tokens
{{- end }}
{{- if include "ams-gateway.unixSocket" . }}
- name: ams-gateway-socket
  emptyDir:
    medium: Memory
    sizeLimit: 1Mi
{{- end }}
{{- if or (eq .Values.keys.source "secret") (eq .Values.keys.source "vault-transit") }}
{{- range $name, $p := .Values.profiles }}
- name: {{ printf "ams-gateway-keys-%s" $name | trunc 63 | trimSuffix "-" }}
  secret:
    secretName: {{ required (printf "profiles.%s.keySecret is required with keys.source %s" $name $.Values.keys.source) $p.keySecret }}
    defaultMode: 0440
{{- end }}
{{- end }}
{{- if eq .Values.sharedState.type "redis" }}
{{- with .Values.sharedState.redis.passwordSecret }}
- name: ams-gateway-redis-password
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $.Values.sharedState.redis.passwordKey }}
        path: {{ $.Values.sharedState.redis.passwordKey }}
    defaultMode: 0440
{{- end }}
{{- with .Values.sharedState.redis.caSecret }}
- name: ams-gateway-redis-ca
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $.Values.sharedState.redis.caKey }}
        path: {{ $.Values.sharedState.redis.caKey }}
    defaultMode: 0444
{{- end }}
{{- end }}
{{- if include "ams-gateway.vaultDirect" . }}
- name: ams-gateway-vault-token
  projected:
    sources:
      - serviceAccountToken:
          audience: {{ .Values.vault.tokenAudience }}
          expirationSeconds: {{ .Values.vault.tokenExpirationSeconds }}
          path: token
{{- if .Values.vault.caConfigMap }}
- name: ams-gateway-vault-ca
  configMap:
    name: {{ .Values.vault.caConfigMap }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Pod annotations: the config checksum (a config change rolls the pods), scrape annotations, and the
Vault Agent injector's annotations when it renders the key files.
*/}}
{{- define "ams-gateway.sidecar.podAnnotations" -}}
checksum/ams-gateway-config: {{ include "ams-gateway.config" . | sha256sum }}
{{- if and .Values.metrics.scrapeAnnotations (not .Values.metrics.podMonitor.enabled) (not .Values.metrics.serviceMonitor.enabled) }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.admin.port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- if eq .Values.keys.source "vault-agent" }}
{{ include "ams-gateway.vaultAgentAnnotations" . }}
{{- end }}
{{- end -}}
