package main

import (
	"encoding/json"
	"fmt"
)

// dispatch answers one decoded message: a warm-up or a render.
func dispatch(data []byte) any {
	var msg message
	if err := json.Unmarshal(data, &msg); err != nil {
		return failed("bad message: " + err.Error())
	}
	switch msg.Op {
	case "warm":
		return warm()
	case "render":
		if msg.Request == nil {
			return failed("render without a request")
		}
		return render(msg.Request)
	}
	return failed(fmt.Sprintf("unknown op %q", msg.Op))
}

func failed(message string) renderResult {
	return renderResult{Objects: []renderedObject{}, Error: &failure{Message: message}}
}

// encode writes an answer as JSON; an answer that cannot be encoded becomes an error answer.
func encode(answer any) []byte {
	out, err := json.Marshal(answer)
	if err != nil {
		out, _ = json.Marshal(failed(err.Error()))
	}
	return out
}
