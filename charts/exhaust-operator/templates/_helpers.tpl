{{/* Names and labels follow Helm's chart best practices (standard app.kubernetes.io labels, helm.sh/chart). */}}
{{- define "exhaust-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "exhaust-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "exhaust-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "exhaust-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "exhaust-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "exhaust-operator.labels" -}}
helm.sh/chart: {{ include "exhaust-operator.chart" . }}
{{ include "exhaust-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: exhaust-operator
{{- end }}

{{- define "exhaust-operator.serviceAccountName" -}}
{{- default (include "exhaust-operator.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{- define "exhaust-operator.runnerServiceAccountName" -}}
{{- default (printf "%s-runner" (include "exhaust-operator.fullname" .)) .Values.runnerServiceAccount.name }}
{{- end }}

{{- define "exhaust-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "exhaust-operator.scheduleNamespace" -}}
{{- default .Release.Namespace .Values.schedules.namespace }}
{{- end }}

{{/*
The Secret of one store: its existingSecret, else a chart-created one when a value was given, else empty.
Call with (list $ "<store>" "<a value key of that store>").
*/}}
{{- define "exhaust-operator.storeSecret" -}}
{{- $root := index . 0 }}
{{- $store := index $root.Values.secrets (index . 1) }}
{{- if $store.existingSecret }}
{{- $store.existingSecret }}
{{- else if index $store (index . 2) }}
{{- printf "%s-%s" (include "exhaust-operator.fullname" $root) (index . 1 | kebabcase) }}
{{- end }}
{{- end }}

{{/* runner.secrets: secretKeyRefs for every store whose Secret is known, over what config.runner.secrets names. */}}
{{- define "exhaust-operator.runnerSecrets" -}}
{{- $refs := dict }}
{{- $s := .Values.secrets }}
{{- with include "exhaust-operator.storeSecret" (list . "cassandra" "password") }}
{{- $_ := set $refs "cassandraPassword" (dict "name" . "key" $s.cassandra.passwordKey) }}
{{- end }}
{{- with include "exhaust-operator.storeSecret" (list . "s3" "secretAccessKey") }}
{{- $_ := set $refs "s3AccessKeyId" (dict "name" . "key" $s.s3.accessKeyIdKey) }}
{{- $_ := set $refs "s3SecretAccessKey" (dict "name" . "key" $s.s3.secretAccessKeyKey) }}
{{- end }}
{{- with include "exhaust-operator.storeSecret" (list . "pii" "key") }}
{{- $_ := set $refs "piiKey" (dict "name" . "key" $s.pii.keyKey) }}
{{- $_ := set $refs "piiSalt" (dict "name" . "key" $s.pii.saltKey) }}
{{- end }}
{{- toYaml (merge $refs (.Values.config.runner.secrets | default dict)) }}
{{- end }}

{{/* The operator's configuration file: values.config with the chart's image, runner account and watch scope. */}}
{{- define "exhaust-operator.config" -}}
{{- $config := deepCopy .Values.config }}
{{- $runner := $config.runner | default dict }}
{{- $_ := set $runner "image" (default (include "exhaust-operator.image" .) $runner.image) }}
{{- $_ := set $runner "serviceAccountName" (default (include "exhaust-operator.runnerServiceAccountName" .) $runner.serviceAccountName) }}
{{- $_ := set $runner "secrets" (include "exhaust-operator.runnerSecrets" . | fromYaml) }}
{{- $_ := set $config "runner" $runner }}
{{- $controller := $config.controller | default dict }}
{{- with .Values.watchNamespace }}
{{- $_ := set $controller "namespace" . }}
{{- end }}
{{- $_ := set $config "controller" $controller }}
{{- toYaml $config }}
{{- end }}
