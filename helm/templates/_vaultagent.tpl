{{/*
Vault Agent injector annotations: for each profile, merchant-private-key-v<N>.pem from version N of
the KV v2 secret and alipay-public-key-v<N>.pem from its current version, written to
keys.agentPath/<profile>/ (the layout of the gateway's vault-kv source, so both read one secret).
The agent keeps running and rewrites the files on a change; the gateway's file source follows.
*/}}
{{- define "ams-gateway.vaultAgentAnnotations" -}}
vault.hashicorp.com/agent-inject: "true"
vault.hashicorp.com/role: {{ .Values.vault.role | quote }}
vault.hashicorp.com/auth-path: {{ printf "auth/%s" .Values.vault.authMount | quote }}
{{- with .Values.vault.address }}
vault.hashicorp.com/service: {{ . | quote }}
{{- end }}
{{- with .Values.vault.namespace }}
vault.hashicorp.com/namespace: {{ . | quote }}
{{- end }}
vault.hashicorp.com/agent-run-as-user: "10001"
{{- range $name, $p := .Values.profiles }}
{{- $path := printf "%s/data/%s" $.Values.keys.kvMount (replace "{client-id}" $p.clientId $.Values.keys.kvPath) }}
{{- range $v := $p.merchantKeyVersions }}
{{- $secret := printf "%s-merchant-v%v" $name $v }}
vault.hashicorp.com/agent-inject-secret-{{ $secret }}: {{ printf "%s?version=%v" $path $v | quote }}
vault.hashicorp.com/agent-inject-file-{{ $secret }}: {{ printf "merchant-private-key-v%v.pem" $v | quote }}
vault.hashicorp.com/secret-volume-path-{{ $secret }}: {{ printf "%s/%s" $.Values.keys.agentPath $name | quote }}
vault.hashicorp.com/agent-inject-template-{{ $secret }}: {{ printf "{{- with secret %q -}}{{ .Data.data.merchant_private_key }}{{- end -}}" (printf "%s?version=%v" $path $v) | quote }}
{{- end }}
{{- range $v := $p.alipayKeyVersions }}
{{- $secret := printf "%s-alipay-v%v" $name $v }}
vault.hashicorp.com/agent-inject-secret-{{ $secret }}: {{ $path | quote }}
vault.hashicorp.com/agent-inject-file-{{ $secret }}: {{ printf "alipay-public-key-v%v.pem" $v | quote }}
vault.hashicorp.com/secret-volume-path-{{ $secret }}: {{ printf "%s/%s" $.Values.keys.agentPath $name | quote }}
vault.hashicorp.com/agent-inject-template-{{ $secret }}: {{ printf "{{- with secret %q -}}{{ index .Data.data %q }}{{- end -}}" $path (printf "alipay_public_key_v%v" $v) | quote }}
{{- end }}
{{- end }}
{{- end -}}
