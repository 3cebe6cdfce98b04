{{/* Names, labels and the settings both roles share. */}}

{{- define "cluster.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cluster.fullname" -}}
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

{{- define "cluster.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "cluster.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cluster
{{- end -}}

{{/* Selector labels of one component: call with (dict "root" $ "component" "worker"). */}}
{{- define "cluster.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cluster.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The Orleans cluster id both Deployments share (Cluster:Silo:ClusterId and ServiceId). */}}
{{- define "cluster.clusterId" -}}
{{- default (include "cluster.fullname" .) .Values.silo.clusterId -}}
{{- end -}}

{{/*
Pod labels of a silo, on both Deployments' pods: select every silo of one cluster across the two Deployments
(kubectl get pods -l orleans/clusterId=...). The keys are those Orleans' Kubernetes hosting uses, which this chart
does not run (docs/operations.md says why); they name the cluster, nothing reads them.
*/}}
{{- define "cluster.siloLabels" -}}
orleans/clusterId: {{ include "cluster.clusterId" . | quote }}
orleans/serviceId: {{ include "cluster.clusterId" . | quote }}
{{- end -}}

{{/* NetworkPolicy rule: the silo port, from this release's silos (both Deployments carry the cluster's label). */}}
{{- define "cluster.siloIngress" -}}
- from:
    - podSelector:
        matchLabels:
          app.kubernetes.io/instance: {{ .Release.Name }}
          orleans/clusterId: {{ include "cluster.clusterId" . | quote }}
  ports:
    - port: silo
      protocol: TCP
{{- end -}}

{{- define "cluster.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cluster.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "cluster.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "cluster.secretName" -}}
{{- default (printf "%s-credentials" (include "cluster.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "cluster.postgresqlHost" -}}
{{- printf "%s-postgresql" (include "cluster.fullname" .) -}}
{{- end -}}

{{- define "cluster.minioHost" -}}
{{- printf "%s-minio" (include "cluster.fullname" .) -}}
{{- end -}}

{{/* The work store URL for a created Secret: given, or the bundled PostgreSQL's. */}}
{{- define "cluster.databaseUrl" -}}
{{- if .Values.secrets.databaseUrl -}}
{{- .Values.secrets.databaseUrl -}}
{{- else if .Values.postgresql.enabled -}}
{{- printf "postgres://%s:%s@%s:5432/%s?sslmode=disable" .Values.postgresql.username (required "postgresql.password is required with postgresql.enabled" .Values.postgresql.password | urlquery) (include "cluster.postgresqlHost" .) .Values.postgresql.database -}}
{{- else -}}
{{- fail "secrets.databaseUrl (or secrets.existingSecret, or postgresql.enabled) is required" -}}
{{- end -}}
{{- end -}}

{{- define "cluster.artifacts" -}}
{{- if .Values.config.artifacts -}}
{{- .Values.config.artifacts -}}
{{- else if .Values.minio.enabled -}}
{{- printf "s3://%s/" .Values.minio.bucket -}}
{{- else -}}
{{- fail "config.artifacts is required (s3://bucket/prefix), or enable the bundled minio" -}}
{{- end -}}
{{- end -}}

{{- define "cluster.s3Endpoint" -}}
{{- if .Values.config.s3.endpoint -}}
{{- .Values.config.s3.endpoint -}}
{{- else if .Values.minio.enabled -}}
{{- printf "http://%s:9000" (include "cluster.minioHost" .) -}}
{{- end -}}
{{- end -}}

{{/*
Environment both roles get: the store and object-store credentials from the Secret, the config file, the pod's
identity, and the silo settings: one cluster id, a fixed silo port, the advertised address from POD_IP (the silo
uses POD_IP when Cluster:Silo:AdvertisedAddress is empty), the silo's name from POD_NAME, and with silo.tls the
certificate files of the mounted TLS Secret (cluster.volumes).
*/}}
{{- define "cluster.env" -}}
- name: CLUSTER_CONFIG
  value: /etc/cluster/appsettings.json
- name: CLUSTER_STORE
  valueFrom:
    secretKeyRef:
      name: {{ include "cluster.secretName" . }}
      key: {{ .Values.secrets.keys.databaseUrl }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "cluster.secretName" . }}
      key: {{ .Values.secrets.keys.s3AccessKeyId }}
      optional: true
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "cluster.secretName" . }}
      key: {{ .Values.secrets.keys.s3SecretAccessKey }}
      optional: true
- name: AWS_REGION
  value: {{ .Values.config.s3.region | quote }}
{{- with include "cluster.s3Endpoint" . }}
- name: AWS_ENDPOINT_URL
  value: {{ . | quote }}
{{- end }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: Cluster__Silo__ClusterId
  value: {{ include "cluster.clusterId" . | quote }}
- name: Cluster__Silo__Port
  value: {{ .Values.silo.port | quote }}
{{- if .Values.silo.tls.enabled }}
- name: Cluster__Silo__Tls__CertificatePath
  value: /etc/cluster/silo-tls/tls.crt
- name: Cluster__Silo__Tls__KeyPath
  value: /etc/cluster/silo-tls/tls.key
{{- if .Values.silo.tls.trustCa }}
- name: Cluster__Silo__Tls__CaPath
  value: /etc/cluster/silo-tls/ca.crt
{{- end }}
{{- end }}
{{- with .Values.config.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Volumes both roles mount: the config file, scratch, the input data, and the silo TLS Secret. */}}
{{- define "cluster.volumes" -}}
- name: config
  configMap:
    name: {{ include "cluster.fullname" . }}-config
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.worker.scratchSizeLimit }}
{{- if .Values.input.existingClaim }}
- name: input
  persistentVolumeClaim:
    claimName: {{ .Values.input.existingClaim }}
    readOnly: true
{{- end }}
{{- if .Values.silo.tls.enabled }}
- name: silo-tls
  secret:
    secretName: {{ required "silo.tls.secretName is required with silo.tls.enabled" .Values.silo.tls.secretName }}
    # The key is readable by the pod's group (fsGroup, the image's user) only.
    defaultMode: 0440
{{- end }}
{{- end -}}

{{- define "cluster.volumeMounts" -}}
- name: config
  mountPath: /etc/cluster/appsettings.json
  subPath: appsettings.json
  readOnly: true
- name: tmp
  mountPath: /var/lib/cluster/tmp
{{- if .Values.input.existingClaim }}
- name: input
  mountPath: {{ .Values.input.mountPath }}
  readOnly: true
{{- end }}
{{- if .Values.silo.tls.enabled }}
- name: silo-tls
  mountPath: /etc/cluster/silo-tls
  readOnly: true
{{- end }}
{{- end -}}
