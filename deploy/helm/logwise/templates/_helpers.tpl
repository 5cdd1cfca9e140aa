{{- define "logwise.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "logwise.fullname" -}}
{{- if contains (include "logwise.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "logwise.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "logwise.labels" -}}
app.kubernetes.io/name: {{ include "logwise.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "logwise.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "logwise.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Non-root, read-only root filesystem, nothing extra. */}}
{{- define "logwise.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile: {type: RuntimeDefault}
{{- end -}}

{{- define "logwise.containerSecurityContext" -}}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities: {drop: [ALL]}
{{- end -}}

{{/* Secrets by reference only: the database password, the admin token, AWS keys if asked. */}}
{{- define "logwise.secretEnv" -}}
- name: LOGWISE_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .Values.secrets.existingSecret | quote }}, key: {{ .Values.secrets.dbPasswordKey | quote }}}
- name: LOGWISE_ADMIN_TOKEN
  valueFrom:
    secretKeyRef: {name: {{ .Values.secrets.existingSecret | quote }}, key: {{ .Values.secrets.adminTokenKey | quote }}}
{{- if .Values.aws.fromSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef: {name: {{ .Values.secrets.existingSecret | quote }}, key: {{ .Values.aws.accessKeyIdKey | quote }}}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef: {name: {{ .Values.secrets.existingSecret | quote }}, key: {{ .Values.aws.secretAccessKeyKey | quote }}}
{{- end }}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "%s -Djava.io.tmpdir=/tmp" .Values.javaOpts | quote }}
{{- end -}}

{{- define "logwise.volumes" -}}
- name: config
  configMap: {name: {{ include "logwise.fullname" . }}-config}
- name: tmp
  emptyDir: {}
{{- end -}}

{{- define "logwise.volumeMounts" -}}
- {name: config, mountPath: /etc/logwise, readOnly: true}
- {name: tmp, mountPath: /tmp}
{{- end -}}
