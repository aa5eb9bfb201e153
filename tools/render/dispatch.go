package main

import (
	"encoding/json"
	"fmt"
)

// dispatch answers one decoded message: a sync, a warm-up or a render.
func dispatch(r *renderer, data []byte) any {
	var msg message
	if err := json.Unmarshal(data, &msg); err != nil {
		return syncResult{Error: &failure{Message: "bad message: " + err.Error()}}
	}
	switch msg.Op {
	case "sync":
		return r.sync(msg.Files, msg.Reset)
	case "schemacheck":
		return schemaCheck()
	case "warm":
		r.warm()
		return syncResult{Files: r.files.count}
	case "render":
		if msg.Request == nil {
			return renderResult{Objects: []renderedObject{}, Error: &failure{Message: "render without a request"}}
		}
		return r.render(msg.Request)
	}
	return syncResult{Error: &failure{Message: fmt.Sprintf("unknown op %q", msg.Op)}}
}

// encode writes an answer as JSON; an answer that cannot be encoded becomes an error answer.
func encode(answer any) []byte {
	out, err := json.Marshal(answer)
	if err != nil {
		out, _ = json.Marshal(renderResult{Objects: []renderedObject{}, Error: &failure{Message: err.Error()}})
	}
	return out
}
