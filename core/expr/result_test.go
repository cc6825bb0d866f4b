package expr

import (
	"encoding/json"
	"math"
	"testing"
)

func TestResultJSON(t *testing.T) {
	r := Result{
		Expr:      "x * y",
		Inputs:    []Input{{"x", Tensor{[]int{2}, Data{1, 2}}}, {"y", Tensor{[]int{}, Data{0.5}}}},
		Value:     Tensor{[]int{2}, Data{0.5, 1}},
		Jacobians: []Partial{{"x", Tensor{[]int{2, 2}, Data{0.5, 0, 0, 0.5}}}, {"y", Tensor{[]int{2}, Data{1, 2}}}},
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"expr":"x * y",` +
		`"inputs":[{"name":"x","shape":[2],"data":[1,2]},{"name":"y","shape":[],"data":[0.5]}],` +
		`"value":{"shape":[2],"data":[0.5,1]},` +
		`"jacobians":[{"wrt":"x","shape":[2,2],"data":[0.5,0,0,0.5]},{"wrt":"y","shape":[2],"data":[1,2]}]}`
	if string(b) != want {
		t.Errorf("json.Marshal =\n%s\nwant\n%s", b, want)
	}

	// Empty lists stay; nil ones are left out.
	r = Result{Expr: "1", Inputs: []Input{}, Value: Tensor{[]int{}, Data{1}}, Jacobians: []Partial{}, JVP: &Tensor{[]int{}, Data{0}}}
	b, err = json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const wantEmpty = `{"expr":"1","inputs":[],"value":{"shape":[],"data":[1]},"jacobians":[],"jvp":{"shape":[],"data":[0]}}`
	if string(b) != wantEmpty {
		t.Errorf("json.Marshal =\n%s\nwant\n%s", b, wantEmpty)
	}
}

func TestDataJSON(t *testing.T) {
	d := Data{1, -0.5, 1e21, 1e-7, math.NaN(), math.Inf(1), math.Inf(-1), 0.1}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[1,-0.5,1e+21,1e-07,null,null,null,0.1]`
	if string(b) != want {
		t.Fatalf("json.Marshal = %s, want %s", b, want)
	}
	var back Data
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for i, v := range back {
		if math.IsNaN(d[i]) || math.IsInf(d[i], 0) {
			if !math.IsNaN(v) {
				t.Errorf("entry %d read back as %v, want NaN", i, v)
			}
		} else if v != d[i] {
			t.Errorf("entry %d read back as %v, want %v", i, v, d[i])
		}
	}
	if err := json.Unmarshal([]byte(`[1, "a"]`), &back); err == nil {
		t.Error("json.Unmarshal of a string entry: no error")
	}
}
