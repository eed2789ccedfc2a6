// Keyboard input → intents, through the one key-binding table. Inactive without a TTY (raw mode
// is not supported there and Ink would throw).
import { useRef } from 'react';
import { useInput, useStdin } from 'ink';
import { bindingFor } from '../keys.js';
import type { Intents } from './use-lesson.js';
import type { UiState } from '../state/types.js';

export function useKeys(state: UiState, intents: Intents): void {
  const { isRawModeSupported } = useStdin();
  // The state as last rendered: a key pressed right after a frame must see that frame's state,
  // not the one the input handler was subscribed with.
  const latest = useRef({ state, intents });
  latest.current = { state, intents };
  useInput(
    (input, key) => {
      // Keys typed fast (or held down) can arrive together ("jjj"): each one counts.
      const presses = input.length > 1 && !/[\u0000-\u001f]/.test(input) ? [...input] : [input];
      for (const press of presses) {
        const binding = bindingFor(latest.current.state, press, key);
        if (binding) latest.current.intents[binding.intent]();
      }
    },
    { isActive: isRawModeSupported === true },
  );
}
