import { randomUUID } from "node:crypto";

/** An item of a fake document library, as the fake Graph keeps it. */
export interface FakeItem {
  id: string;
  name: string;
  /** The parent folder's id (null for the root). */
  parentId: string | null;
  folder: boolean;
  content: Buffer;
  /** Bumped by every change to the item (content, name, place): the eTag's version part. */
  version: number;
  guid: string;
  /** The change sequence number of its last change: delta tokens are sequence numbers. */
  changedAt: number;
  deleted: boolean;
}

export interface FakeDrive {
  id: string;
  name: string;
  /** The library's address segment in web URLs ("Shared Documents" for "Documents"). */
  urlName: string;
  rootId: string;
  items: Map<string, FakeItem>;
}

/**
 * The document libraries of one fake site, with a change log: every change takes the next sequence number, so a
 * delta token "since N" is every item changed after N, deleted ones included (as tombstones).
 */
export class FakeDrives {
  readonly drives = new Map<string, FakeDrive>();
  sequence = 0;

  constructor(readonly siteUrl: string) {}

  addLibrary(name: string, urlName = name): FakeDrive {
    const id = `b!${randomUUID().replaceAll("-", "")}`;
    const rootId = this.nextId();
    const drive: FakeDrive = { id, name, urlName, rootId, items: new Map() };
    drive.items.set(rootId, this.item(rootId, "root", null, true, Buffer.alloc(0)));
    this.drives.set(name, drive);
    return drive;
  }

  /** Adds a file at a path ("Travel/expenses.md"), making the folders on the way; returns its id. */
  addFile(library: string, path: string, content: string | Buffer): string {
    const drive = this.library(library);
    const parts = path.split("/");
    let parent = drive.rootId;
    for (const folder of parts.slice(0, -1)) parent = this.folder(drive, parent, folder);
    const id = this.nextId();
    drive.items.set(id, this.item(id, parts.at(-1) as string, parent, false, Buffer.from(content)));
    return id;
  }

  editFile(library: string, id: string, content: string | Buffer): void {
    const item = this.existing(library, id);
    item.content = Buffer.from(content);
    this.touch(item);
  }

  renameFile(library: string, id: string, name: string): void {
    const item = this.existing(library, id);
    item.name = name;
    this.touch(item);
  }

  deleteItem(library: string, id: string): void {
    const item = this.existing(library, id);
    item.deleted = true;
    this.touch(item);
  }

  /** A move to another library is, in SharePoint, a new item there and a deleted one here. */
  moveFile(from: string, id: string, to: string): string {
    const item = this.existing(from, id);
    this.deleteItem(from, id);
    return this.addFile(to, item.name, item.content);
  }

  library(name: string): FakeDrive {
    const drive = this.drives.get(name);
    if (drive === undefined) throw new Error(`no library ${name}`);
    return drive;
  }

  driveById(id: string): FakeDrive | undefined {
    return [...this.drives.values()].find((drive) => drive.id === id);
  }

  /** The item's path from the library's root ("Travel/expenses.md"). */
  pathOf(drive: FakeDrive, item: FakeItem): string {
    const names: string[] = [];
    for (let at: FakeItem | undefined = item; at !== undefined && at.parentId !== null; ) {
      names.unshift(at.name);
      at = drive.items.get(at.parentId);
    }
    return names.join("/");
  }

  webUrl(drive: FakeDrive, item: FakeItem): string {
    const path = [drive.urlName, ...this.pathOf(drive, item).split("/")].map(encodeURIComponent).join("/");
    return `${this.siteUrl}/${path}`;
  }

  private folder(drive: FakeDrive, parent: string, name: string): string {
    const found = [...drive.items.values()].find(
      (item) => item.folder && item.parentId === parent && item.name === name && !item.deleted,
    );
    if (found !== undefined) return found.id;
    const id = this.nextId();
    drive.items.set(id, this.item(id, name, parent, true, Buffer.alloc(0)));
    return id;
  }

  private existing(library: string, id: string): FakeItem {
    const item = this.library(library).items.get(id);
    if (item === undefined || item.deleted) throw new Error(`no item ${id} in ${library}`);
    return item;
  }

  private touch(item: FakeItem): void {
    item.version += 1;
    this.sequence += 1;
    item.changedAt = this.sequence;
  }

  private item(
    id: string,
    name: string,
    parentId: string | null,
    folder: boolean,
    content: Buffer,
  ): FakeItem {
    this.sequence += 1;
    const guid = randomUUID().toUpperCase();
    return {
      id,
      name,
      parentId,
      folder,
      content,
      version: 1,
      guid,
      changedAt: this.sequence,
      deleted: false,
    };
  }

  private nextId(): string {
    return `01${randomUUID().replaceAll("-", "").slice(0, 24).toUpperCase()}`;
  }
}
