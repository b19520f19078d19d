// Command k8s-validate renders kustomize overlays and decodes every object they produce strictly into its
// Kubernetes API type, with no cluster and no network: a misspelt or misplaced field, a value of the wrong type
// or a kind nobody here knows fails here instead of being dropped (or refused) by the API server at apply time.
//
// Usage: k8s-validate OVERLAY_DIR... (one line per overlay on success; exit 1 naming the object and the field on
// the first invalid object; exit 2 on a usage error). `rcm docs k8s --check` builds and runs it
// (tools/rcmctl/src/rcmctl/k8s_validate.py).
package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// typeKey is how a rendered object names its Go type.
type typeKey struct{ apiVersion, kind string }

// checked is implemented by the types whose CRD declares required fields that decoding alone cannot see.
type checked interface{ missingFields() []string }

// strictTypes is every kind the overlays may produce; anything else is refused, so a new kind needs its type
// added here first rather than slipping through unchecked.
var strictTypes = map[typeKey]func() any{
	{"apps/v1", "Deployment"}:                     func() any { return &appsv1.Deployment{} },
	{"v1", "Service"}:                             func() any { return &corev1.Service{} },
	{"v1", "ConfigMap"}:                           func() any { return &corev1.ConfigMap{} },
	{"v1", "Secret"}:                              func() any { return &corev1.Secret{} },
	{"v1", "PersistentVolumeClaim"}:               func() any { return &corev1.PersistentVolumeClaim{} },
	{"policy/v1", "PodDisruptionBudget"}:          func() any { return &policyv1.PodDisruptionBudget{} },
	{"autoscaling/v2", "HorizontalPodAutoscaler"}: func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
	{"keda.sh/v1alpha1", "ScaledObject"}:          func() any { return &ScaledObject{} },
	{"keda.sh/v1alpha1", "TriggerAuthentication"}: func() any { return &TriggerAuthentication{} },
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: k8s-validate OVERLAY_DIR...")
		os.Exit(2)
	}
	refuseNetwork()
	for _, overlay := range os.Args[1:] {
		count, err := validateOverlay(overlay)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", overlay, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d objects valid\n", overlay, count)
	}
}

// refuseNetwork keeps the check offline even if an overlay names a remote base: kustomize fetches URLs with
// net/http's default transport and clones repositories with the git command, which honours GIT_ALLOW_PROTOCOL.
func refuseNetwork() {
	http.DefaultTransport = offlineTransport{}
	_ = os.Setenv("GIT_ALLOW_PROTOCOL", "file")
}

type offlineTransport struct{}

func (offlineTransport) RoundTrip(request *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("offline: refusing to fetch %s (vendor the resource into the repository)", request.URL)
}

// validateOverlay renders one overlay as `kustomize build` would (no plugins, files under its root only) and
// returns how many objects it produced, or the first object that does not decode strictly.
func validateOverlay(overlay string) (int, error) {
	rendered, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), overlay)
	if err != nil {
		return 0, fmt.Errorf("kustomize: %w", err)
	}
	for _, object := range rendered.Resources() {
		name := fmt.Sprintf("%s %s", object.GetKind(), object.GetName())
		if namespace := object.GetNamespace(); namespace != "" {
			name = fmt.Sprintf("%s %s/%s", object.GetKind(), namespace, object.GetName())
		}
		data, err := object.MarshalJSON()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if err := decodeStrict(typeKey{object.GetApiVersion(), object.GetKind()}, data); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
	}
	return rendered.Size(), nil
}

// decodeStrict decodes the way the API server's strict field validation does (sigs.k8s.io/json): field names
// match case-sensitively, and unknown or duplicate fields are errors that name the field's full path.
func decodeStrict(key typeKey, data []byte) error {
	newObject, known := strictTypes[key]
	if !known {
		return fmt.Errorf("unknown kind %s %s: no strict type for it in deploy/k8s/validate", key.apiVersion, key.kind)
	}
	object := newObject()
	strictErrors, err := json.UnmarshalStrict(data, object)
	if err != nil {
		strictErrors = append([]error{err}, strictErrors...)
	}
	if withRequired, ok := object.(checked); ok && len(strictErrors) == 0 {
		for _, field := range withRequired.missingFields() {
			strictErrors = append(strictErrors, fmt.Errorf("missing required field %q", field))
		}
	}
	return errors.Join(strictErrors...)
}

// KEDA's custom resources, mirrored from the CRDs of KEDA v2.20 (keda.sh/v1alpha1, apis/keda/v1alpha1 in
// kedacore/keda at v2.20.2) rather than imported: the KEDA module brings every scaler's cloud SDK with it. Every
// field of ScaledObject's spec is mirrored; TriggerAuthentication's in-cluster sources are, its external secret
// stores (Vault, cloud secret managers, OAuth2) are not, so an overlay using one is refused until its fields are
// mirrored here from the same CRD. Status is left out: KEDA writes it, a manifest has no business carrying it.

type ScaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ScaledObjectSpec `json:"spec"`
}

type ScaledObjectSpec struct {
	ScaleTargetRef        *ScaleTarget    `json:"scaleTargetRef"`
	PollingInterval       *int32          `json:"pollingInterval,omitempty"`
	InitialCooldownPeriod *int32          `json:"initialCooldownPeriod,omitempty"`
	CooldownPeriod        *int32          `json:"cooldownPeriod,omitempty"`
	IdleReplicaCount      *int32          `json:"idleReplicaCount,omitempty"`
	MinReplicaCount       *int32          `json:"minReplicaCount,omitempty"`
	MaxReplicaCount       *int32          `json:"maxReplicaCount,omitempty"`
	Advanced              *AdvancedConfig `json:"advanced,omitempty"`
	Triggers              []ScaleTrigger  `json:"triggers"`
	Fallback              *Fallback       `json:"fallback,omitempty"`
}

type ScaleTarget struct {
	Name                   string `json:"name"`
	APIVersion             string `json:"apiVersion,omitempty"`
	Kind                   string `json:"kind,omitempty"`
	EnvSourceContainerName string `json:"envSourceContainerName,omitempty"`
}

type AdvancedConfig struct {
	HorizontalPodAutoscalerConfig *struct {
		Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
		Name     string                                         `json:"name,omitempty"`
	} `json:"horizontalPodAutoscalerConfig,omitempty"`
	RestoreToOriginalReplicaCount bool `json:"restoreToOriginalReplicaCount,omitempty"`
	ScalingModifiers              struct {
		Formula          string                         `json:"formula,omitempty"`
		Target           string                         `json:"target,omitempty"`
		ActivationTarget string                         `json:"activationTarget,omitempty"`
		MetricType       autoscalingv2.MetricTargetType `json:"metricType,omitempty"`
	} `json:"scalingModifiers,omitempty"`
}

type Fallback struct {
	FailureThreshold int32  `json:"failureThreshold"`
	Replicas         int32  `json:"replicas"`
	Behavior         string `json:"behavior,omitempty"`
}

// ScaleTrigger's metadata is free-form per scaler type in the CRD too (a string map): its keys are not checked.
type ScaleTrigger struct {
	Type              string                         `json:"type"`
	Name              string                         `json:"name,omitempty"`
	UseCachedMetrics  bool                           `json:"useCachedMetrics,omitempty"`
	Metadata          map[string]string              `json:"metadata"`
	AuthenticationRef *AuthenticationRef             `json:"authenticationRef,omitempty"`
	MetricType        autoscalingv2.MetricTargetType `json:"metricType,omitempty"`
}

type AuthenticationRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

// missingFields: the CRD's `required` lists, which the API server enforces on apply.
func (s *ScaledObject) missingFields() []string {
	var missing []string
	if s.Spec.ScaleTargetRef == nil || s.Spec.ScaleTargetRef.Name == "" {
		missing = append(missing, "spec.scaleTargetRef.name")
	}
	if s.Spec.Triggers == nil {
		missing = append(missing, "spec.triggers")
	}
	for i, trigger := range s.Spec.Triggers {
		if trigger.Type == "" {
			missing = append(missing, fmt.Sprintf("spec.triggers[%d].type", i))
		}
		if trigger.Metadata == nil {
			missing = append(missing, fmt.Sprintf("spec.triggers[%d].metadata", i))
		}
		if trigger.AuthenticationRef != nil && trigger.AuthenticationRef.Name == "" {
			missing = append(missing, fmt.Sprintf("spec.triggers[%d].authenticationRef.name", i))
		}
	}
	return missing
}

type TriggerAuthentication struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              TriggerAuthenticationSpec `json:"spec"`
}

type TriggerAuthenticationSpec struct {
	PodIdentity              *PodIdentity     `json:"podIdentity,omitempty"`
	SecretTargetRef          []TargetRef      `json:"secretTargetRef,omitempty"`
	ConfigMapTargetRef       []TargetRef      `json:"configMapTargetRef,omitempty"`
	Env                      []EnvironmentRef `json:"env,omitempty"`
	FilePath                 string           `json:"filePath,omitempty"`
	BoundServiceAccountToken []ServiceAccount `json:"boundServiceAccountToken,omitempty"`
}

type PodIdentity struct {
	Provider              string  `json:"provider"`
	IdentityID            *string `json:"identityId,omitempty"`
	IdentityTenantID      *string `json:"identityTenantId,omitempty"`
	IdentityAuthorityHost *string `json:"identityAuthorityHost,omitempty"`
	RoleArn               *string `json:"roleArn,omitempty"`
	ExternalID            *string `json:"externalID,omitempty"`
	IdentityOwner         *string `json:"identityOwner,omitempty"`
}

type TargetRef struct {
	Parameter string `json:"parameter"`
	Name      string `json:"name"`
	Key       string `json:"key"`
}

type EnvironmentRef struct {
	Parameter     string `json:"parameter"`
	Name          string `json:"name"`
	ContainerName string `json:"containerName,omitempty"`
}

type ServiceAccount struct {
	Parameter          string `json:"parameter"`
	ServiceAccountName string `json:"serviceAccountName"`
}

func (t *TriggerAuthentication) missingFields() []string {
	var missing []string
	if t.Spec.PodIdentity != nil && t.Spec.PodIdentity.Provider == "" {
		missing = append(missing, "spec.podIdentity.provider")
	}
	for i, ref := range t.Spec.SecretTargetRef {
		missing = append(missing, missingRefFields(fmt.Sprintf("spec.secretTargetRef[%d]", i), ref)...)
	}
	for i, ref := range t.Spec.ConfigMapTargetRef {
		missing = append(missing, missingRefFields(fmt.Sprintf("spec.configMapTargetRef[%d]", i), ref)...)
	}
	for i, ref := range t.Spec.Env {
		if ref.Parameter == "" || ref.Name == "" {
			missing = append(missing, fmt.Sprintf("spec.env[%d]: parameter and name", i))
		}
	}
	for i, ref := range t.Spec.BoundServiceAccountToken {
		if ref.Parameter == "" || ref.ServiceAccountName == "" {
			missing = append(missing, fmt.Sprintf("spec.boundServiceAccountToken[%d]: parameter and serviceAccountName", i))
		}
	}
	return missing
}

func missingRefFields(path string, ref TargetRef) []string {
	var missing []string
	for _, field := range []struct{ name, value string }{
		{"parameter", ref.Parameter}, {"name", ref.Name}, {"key", ref.Key},
	} {
		if field.value == "" {
			missing = append(missing, path+"."+field.name)
		}
	}
	return missing
}
