// Package valuecodec writes a Go value as compact bytes and reads it back, guided by the value's type: the
// render module's build encodes kyaml's parsed built-in OpenAPI definitions once (natively), and the module
// decodes them at start-up far faster than kyaml parses its JSON bundle in WebAssembly. It covers what those
// definitions hold: strings, bools, float64, int64, pointers, slices, string-keyed maps, structs of exported
// fields, interfaces holding JSON values, and kube-openapi references (kept as their text). Nil and empty
// slices and maps stay distinct, so a decoded value is deeply equal to the encoded one.
package valuecodec

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"sort"

	"k8s.io/kube-openapi/pkg/validation/spec"
)

var refType = reflect.TypeOf(spec.Ref{})

// Tags of the dynamic values an interface holds.
const (
	anyNil byte = iota
	anyString
	anyBool
	anyFloat
	anyInt
	anyList
	anyMap
)

var (
	anyListType = reflect.TypeOf([]interface{}{})
	anyMapType  = reflect.TypeOf(map[string]interface{}{})
)

// Encode writes v (a value of any type the package covers).
func Encode(v any) ([]byte, error) {
	e := &encoder{}
	e.value(reflect.ValueOf(v))
	return e.out, e.err
}

type encoder struct {
	out []byte
	err error
}

func (e *encoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf(format, args...)
	}
}

func (e *encoder) uint(n uint64) { e.out = binary.AppendUvarint(e.out, n) }

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.out = append(e.out, s...)
}

func (e *encoder) flag(b bool) {
	if b {
		e.out = append(e.out, 1)
	} else {
		e.out = append(e.out, 0)
	}
}

func (e *encoder) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		e.str(v.String())
	case reflect.Bool:
		e.flag(v.Bool())
	case reflect.Float64:
		e.out = binary.LittleEndian.AppendUint64(e.out, math.Float64bits(v.Float()))
	case reflect.Int64, reflect.Int:
		e.out = binary.AppendVarint(e.out, v.Int())
	case reflect.Pointer:
		e.flag(!v.IsNil())
		if !v.IsNil() {
			e.value(v.Elem())
		}
	case reflect.Interface:
		e.dynamic(v)
	case reflect.Slice:
		e.slice(v)
	case reflect.Map:
		e.mapValue(v)
	case reflect.Struct:
		e.structValue(v)
	default:
		e.fail("cannot encode a %s", v.Type())
	}
}

// dynamic writes an interface's value with a tag for its type.
func (e *encoder) dynamic(v reflect.Value) {
	if v.IsNil() {
		e.out = append(e.out, anyNil)
		return
	}
	inner := v.Elem()
	switch {
	case inner.Kind() == reflect.String && inner.Type().PkgPath() == "":
		e.out = append(e.out, anyString)
	case inner.Kind() == reflect.Bool && inner.Type().PkgPath() == "":
		e.out = append(e.out, anyBool)
	case inner.Type() == reflect.TypeOf(float64(0)):
		e.out = append(e.out, anyFloat)
	case inner.Type() == reflect.TypeOf(int64(0)):
		e.out = append(e.out, anyInt)
	case inner.Type() == anyListType:
		e.out = append(e.out, anyList)
	case inner.Type() == anyMapType:
		e.out = append(e.out, anyMap)
	default:
		e.fail("cannot encode a %s in an interface", inner.Type())
		return
	}
	e.value(inner)
}

// length writes 0 for nil, else the length plus one.
func (e *encoder) length(v reflect.Value) bool {
	if v.IsNil() {
		e.uint(0)
		return false
	}
	e.uint(uint64(v.Len()) + 1)
	return true
}

func (e *encoder) slice(v reflect.Value) {
	if e.length(v) {
		for i := 0; i < v.Len(); i++ {
			e.value(v.Index(i))
		}
	}
}

func (e *encoder) mapValue(v reflect.Value) {
	if v.Type().Key().Kind() != reflect.String {
		e.fail("cannot encode a map keyed by %s", v.Type().Key())
		return
	}
	if !e.length(v) {
		return
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		e.str(k.String())
		e.value(v.MapIndex(k))
	}
}

// structValue writes every exported field in order; a reference as its text. Unexported state elsewhere is
// refused rather than lost.
func (e *encoder) structValue(v reflect.Value) {
	t := v.Type()
	if t == refType {
		ref := v.Interface().(spec.Ref)
		e.str(ref.String())
		return
	}
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			if !v.Field(i).IsZero() {
				e.fail("%s has unexported state in %s", t, t.Field(i).Name)
			}
			continue
		}
		e.value(v.Field(i))
	}
}

// Decode reads data (as Encode wrote it) into out, a pointer to a value of the encoded type. Strings share
// data's memory.
func Decode(data string, out any) (err error) {
	d := &decoder{data: data}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("valuecodec: bad data at byte %d: %v", d.at, p)
		}
	}()
	target := reflect.ValueOf(out)
	if target.Kind() != reflect.Pointer || target.IsNil() {
		return fmt.Errorf("valuecodec: Decode needs a pointer")
	}
	d.value(target.Elem())
	if d.at != len(d.data) {
		return fmt.Errorf("valuecodec: %d bytes left over", len(d.data)-d.at)
	}
	return nil
}

type decoder struct {
	data string
	at   int
}

func (d *decoder) uint() uint64 {
	var n uint64
	for shift := 0; ; shift += 7 {
		b := d.data[d.at]
		d.at++
		n |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return n
		}
	}
}

func (d *decoder) int() int64 {
	u := d.uint()
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return n
}

func (d *decoder) str() string {
	n := int(d.uint())
	s := d.data[d.at : d.at+n]
	d.at += n
	return s
}

func (d *decoder) flag() bool {
	b := d.data[d.at]
	d.at++
	return b != 0
}

func (d *decoder) float() float64 {
	bits := binary.LittleEndian.Uint64([]byte(d.data[d.at : d.at+8]))
	d.at += 8
	return math.Float64frombits(bits)
}

// value fills v (settable, zero) from the data.
func (d *decoder) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(d.str())
	case reflect.Bool:
		v.SetBool(d.flag())
	case reflect.Float64:
		v.SetFloat(d.float())
	case reflect.Int64, reflect.Int:
		v.SetInt(d.int())
	case reflect.Pointer:
		if d.flag() {
			p := reflect.New(v.Type().Elem())
			d.value(p.Elem())
			v.Set(p)
		}
	case reflect.Interface:
		d.dynamic(v)
	case reflect.Slice:
		d.slice(v)
	case reflect.Map:
		d.mapValue(v)
	case reflect.Struct:
		d.structValue(v)
	default:
		panic(fmt.Sprintf("cannot decode a %s", v.Type()))
	}
}

func (d *decoder) dynamic(v reflect.Value) {
	var inner reflect.Value
	switch tag := d.data[d.at]; tag {
	case anyNil:
		d.at++
		return
	case anyString:
		inner = reflect.New(reflect.TypeOf("")).Elem()
	case anyBool:
		inner = reflect.New(reflect.TypeOf(false)).Elem()
	case anyFloat:
		inner = reflect.New(reflect.TypeOf(float64(0))).Elem()
	case anyInt:
		inner = reflect.New(reflect.TypeOf(int64(0))).Elem()
	case anyList:
		inner = reflect.New(anyListType).Elem()
	case anyMap:
		inner = reflect.New(anyMapType).Elem()
	default:
		panic(fmt.Sprintf("unknown tag %d", tag))
	}
	d.at++
	d.value(inner)
	v.Set(inner)
}

func (d *decoder) slice(v reflect.Value) {
	n := int(d.uint())
	if n == 0 {
		return
	}
	s := reflect.MakeSlice(v.Type(), n-1, n-1)
	for i := 0; i < n-1; i++ {
		d.value(s.Index(i))
	}
	v.Set(s)
}

func (d *decoder) mapValue(v reflect.Value) {
	n := int(d.uint())
	if n == 0 {
		return
	}
	t := v.Type()
	m := reflect.MakeMapWithSize(t, n-1)
	for i := 0; i < n-1; i++ {
		k := reflect.ValueOf(d.str()).Convert(t.Key())
		e := reflect.New(t.Elem()).Elem()
		d.value(e)
		m.SetMapIndex(k, e)
	}
	v.Set(m)
}

func (d *decoder) structValue(v reflect.Value) {
	t := v.Type()
	if t == refType {
		if text := d.str(); text != "" {
			v.Set(reflect.ValueOf(spec.MustCreateRef(text)))
		}
		return
	}
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).IsExported() {
			d.value(v.Field(i))
		}
	}
}
